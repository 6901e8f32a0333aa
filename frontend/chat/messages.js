// Chat bubbles: a user message (plain text) or an assistant reply (Markdown), with an avatar, a copy button,
// Regenerate on the last reply, and the reply's statistics shown on hover.
import {renderMarkdown} from './markdown.js';

const ICONS = {
  copy: 'M9 9h10v10H9zM5 15V5h10',
  check: 'M5 13l4 4L19 7',
  regenerate: 'M4 12a8 8 0 0 1 14-5.3M20 12a8 8 0 0 1-14 5.3M18 3v4h-4M6 21v-4h4',
  info: 'M12 11v6M12 7.5v.5M12 21a9 9 0 1 1 0-18 9 9 0 0 1 0 18z',
  user: 'M12 12a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM4 21c0-4 3.6-6.5 8-6.5s8 2.5 8 6.5',
};

/** An SVG icon from one of the constant paths above (never from data). */
export function icon(name) {
  const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
  svg.setAttribute('viewBox', '0 0 24 24');
  svg.setAttribute('aria-hidden', 'true');
  const path = document.createElementNS('http://www.w3.org/2000/svg', 'path');
  path.setAttribute('d', ICONS[name]);
  svg.append(path);
  return svg;
}

function element(tag, className, text) {
  const e = document.createElement(tag);
  if (className) {
    e.className = className;
  }
  if (text !== undefined) {
    e.textContent = text;
  }
  return e;
}

function actionButton(name, label) {
  const b = element('button', `msg-action ${name}`);
  b.type = 'button';
  b.title = label;
  b.setAttribute('aria-label', label);
  b.append(icon(name === 'copy' ? 'copy' : name));
  return b;
}

/**
 * The view of one message. {@code actions} holds the callbacks copy(view) and regenerate(view). The view keeps
 * the raw text in {@code text} so that copy takes exactly what was typed or generated.
 */
export class MessageView {
  constructor(message, actions) {
    this.message = message;
    this.actions = actions;
    this.text = message.content ?? '';
    const assistant = message.role === 'assistant';
    this.root = element('article', `msg ${assistant ? 'msg-assistant' : 'msg-user'}`);
    this.root.dataset.role = message.role;
    if (message.id != null) {
      this.root.dataset.id = String(message.id);
    }
    const avatar = element('div', 'avatar');
    if (assistant) {
      const img = element('img');
      img.src = '/chat/puyu.svg';
      img.alt = '';
      avatar.append(img);
    } else {
      avatar.append(icon('user'));
    }
    avatar.title = assistant ? 'Assistant' : 'You';
    this.body = element('div', 'msg-body');
    this.bubble = element('div', 'bubble');
    this.content = element('div', assistant ? 'content markdown' : 'content plain');
    this.bubble.append(this.content);
    this.notice = element('div', 'msg-notice');
    this.notice.hidden = true;
    this.footer = element('div', 'msg-footer');
    this.copyButton = actionButton('copy', 'Copy');
    this.copyButton.addEventListener('click', () => actions.copy(this));
    this.footer.append(this.copyButton);
    if (assistant) {
      this.regenerateButton = actionButton('regenerate', 'Regenerate');
      this.regenerateButton.hidden = true;
      this.regenerateButton.addEventListener('click', () => actions.regenerate(this));
      this.statsIcon = element('span', 'msg-stats-icon');
      this.statsIcon.append(icon('info'));
      this.statsIcon.hidden = true;
      this.stats = element('div', 'msg-stats');
      this.stats.setAttribute('role', 'tooltip');
      this.stats.hidden = true;
      this.footer.append(this.regenerateButton, this.statsIcon, this.stats);
    }
    this.body.append(this.bubble, this.notice, this.footer);
    this.root.append(avatar, this.body);
    this.render();
  }

  get assistant() {
    return this.message.role === 'assistant';
  }

  /** Shows the stored message: its text, its status and, for a reply, its statistics. */
  render() {
    const m = this.message;
    if (this.assistant) {
      renderMarkdown(this.content, this.text, {cursor: m.status === 'streaming'});
      this.root.classList.toggle('streaming', m.status === 'streaming');
      this.showStatus();
      this.showStats();
    } else {
      this.content.textContent = this.text;
    }
    this.copyButton.hidden = this.text === '' || m.status === 'streaming';
    // a reply that ended before its first token has nothing to show but its notice
    this.bubble.hidden = this.assistant && this.text === '' && m.status !== 'streaming';
  }

  /** Appends streamed text (rendered by the caller through render(), at most once a frame). */
  appendText(delta) {
    this.text += delta;
  }

  /** The reply as stored when it ended. */
  finish(message) {
    this.message = message;
    this.text = message.content ?? this.text;
    if (message.id != null) {
      this.root.dataset.id = String(message.id);
    }
    this.render();
  }

  /** The reply failed or the connection broke: keeps the text received, says what happened. */
  fail(reason, status = 'error') {
    this.message = {...this.message, status, errorText: reason};
    this.render();
  }

  setRegenerable(on) {
    if (this.regenerateButton) {
      this.regenerateButton.hidden = !on;
    }
  }

  showStatus() {
    const m = this.message;
    let text = '';
    let kind = 'info';
    if (m.status === 'stopped') {
      text = 'Stopped: the reply was cut off here.';
    } else if (m.status === 'interrupted') {
      text = 'Interrupted: the server stopped while this reply was being written.';
    } else if (m.status === 'error') {
      text = `The reply failed: ${m.errorText || 'unknown error'}`;
      kind = 'error';
    } else if (m.status === 'complete' && m.finishReason === 'length') {
      text = 'Max Length reached: raise Max Length in the sidebar and press Regenerate for a longer reply.';
    }
    this.notice.hidden = text === '';
    this.notice.textContent = text;
    this.notice.className = `msg-notice ${kind}`;
    this.root.classList.toggle('failed', m.status === 'error');
  }

  showStats() {
    const text = statsText(this.message);
    this.stats.textContent = text;
    this.statsIcon.hidden = text === '';
    this.stats.hidden = text === '';
  }
}

function number(n, digits = 0) {
  return n.toLocaleString('en-US', {maximumFractionDigits: digits, minimumFractionDigits: digits});
}

function duration(ms) {
  return ms < 1000 ? `${number(ms)} ms` : `${number(ms / 1000, 2)} s`;
}

/** The statistics of a finished reply: tokens, time to first token, decode speed, prompt tokens reused. */
export function statsText(m) {
  const s = m.stats;
  if (!s || m.status === 'streaming') {
    return '';
  }
  const parts = [];
  if (s.completionTokens != null) {
    parts.push(`${number(s.completionTokens)} ${s.completionTokens === 1 ? 'token' : 'tokens'}`);
  }
  if (s.timeToFirstTokenMs != null) {
    parts.push(`first token ${duration(s.timeToFirstTokenMs)}`);
  }
  if (s.decodeTokensPerSecond != null) {
    parts.push(`${number(s.decodeTokensPerSecond, 1)} tokens/s`);
  }
  if (s.promptTokens != null) {
    parts.push(`${number(s.cachedTokens ?? 0)} of ${number(s.promptTokens)} prompt tokens reused from the cache`);
  }
  if (m.createdAt && m.finishedAt) {
    const ms = Date.parse(m.finishedAt) - Date.parse(m.createdAt);
    if (Number.isFinite(ms) && ms >= 0) {
      parts.push(`total ${duration(ms)}`);
    }
  }
  return parts.join(' · ');
}
