// The chat page: opens, shows and continues the visitor's conversations through /api/conversations.
import {call, stream} from './api.js';
import {copyText} from './markdown.js';
import {MessageView, icon} from './messages.js';
import {Settings} from './settings.js';
import {ConversationList} from './sidebar.js';
import {Composer} from './composer.js';
import {describe} from './errors.js';
import {closeSidebar} from './layout.js';

const TITLE_LENGTH = 60;
const POLL_MS = 1000;
/** Streamed text is drawn at most this often (a timer, not animation frames, which hidden pages never get). */
const PAINT_MS = 30;

const $ = id => document.getElementById(id);
const messagesBox = $('messages');
const emptyState = $('empty-state');
const titleBox = $('conversation-title');
const clearButton = $('clear-history');
const newChatButton = $('new-chat');

const state = {
  id: null,
  title: 'New chat',
  views: [],
  busy: false,
  reply: null,
};

const composer = new Composer({submit: text => send(text), stop: () => stop()});
const settings = new Settings({conversationId: () => state.id, error: e => composer.showError(describe(e))});
const list = new ConversationList({
  open: id => openConversation(id, {push: true}),
  deleted: id => {
    if (id === state.id) {
      newChat({push: true});
    }
  },
  renamed: c => {
    if (c.id === state.id) {
      setTitle(c.title);
    }
  },
  error: e => composer.showError(describe(e)),
});

const actions = {
  copy: async view => {
    const ok = await copyText(view.text);
    const b = view.copyButton;
    b.replaceChildren(icon(ok ? 'check' : 'copy'));
    b.classList.toggle('copied', ok);
    b.title = ok ? 'Copied' : 'Copy failed';
    setTimeout(() => {
      b.replaceChildren(icon('copy'));
      b.classList.remove('copied');
      b.title = 'Copy';
    }, 1500);
  },
  regenerate: () => regenerate(),
};

// ---- what the page shows

function setTitle(title) {
  state.title = title || 'New chat';
  titleBox.textContent = state.title;
  document.title = `${state.title} · Puyu`;
}

function showMessages(messages) {
  state.views = messages.filter(m => m.role === 'user' || m.role === 'assistant')
    .map(m => new MessageView(m, actions));
  messagesBox.replaceChildren(emptyState, ...state.views.map(v => v.root));
  afterChange();
  scrollToEnd(true);
}

function addView(message) {
  const view = new MessageView(message, actions);
  state.views.push(view);
  messagesBox.append(view.root);
  afterChange();
  return view;
}

/** Regenerate on the last reply only, Clear when there is something to clear, the empty state when empty. */
function afterChange() {
  emptyState.hidden = state.views.length > 0;
  const last = state.views.at(-1);
  for (const v of state.views) {
    v.setRegenerable(!state.busy && v === last && v.assistant);
  }
  clearButton.disabled = state.busy || state.id == null || state.views.length === 0;
}

function nearEnd() {
  return messagesBox.scrollHeight - messagesBox.scrollTop - messagesBox.clientHeight < 120;
}

function scrollToEnd(force = false) {
  if (force || nearEnd()) {
    messagesBox.scrollTop = messagesBox.scrollHeight;
  }
}

function setBusy(busy) {
  state.busy = busy;
  document.body.classList.toggle('busy', busy);
  composer.setBusy(busy);
  newChatButton.disabled = busy;
  afterChange();
}

// ---- conversations

function newChat({push}) {
  state.id = null;
  setTitle(null);
  showMessages([]);
  list.setActive(null);
  composer.hideError();
  if (push) {
    history.pushState({id: null}, '', '/');
  }
  composer.focus();
}

async function openConversation(id, {push}) {
  if (state.busy) {
    return;
  }
  let detail;
  try {
    detail = await call('GET', `/api/conversations/${id}`);
  } catch (e) {
    newChat({push: false});
    history.replaceState({id: null}, '', '/');
    composer.showError(e.status === 404 ? `Conversation ${id} does not exist, or it is not yours.` : describe(e));
    return;
  }
  state.id = detail.id;
  setTitle(detail.title);
  settings.apply(detail.settings);
  showMessages(detail.messages);
  list.setActive(detail.id);
  composer.hideError();
  if (push) {
    history.pushState({id: detail.id}, '', `/c/${detail.id}`);
  }
  if (detail.messages.at(-1)?.status === 'streaming') {
    waitForStoredReply(detail.id);
  }
  composer.focus();
}

/** After a reload mid-reply: the reply is stored once generation ends; show it then. */
function waitForStoredReply(id) {
  setTimeout(async () => {
    if (state.id !== id || state.busy) {
      return;
    }
    try {
      const detail = await call('GET', `/api/conversations/${id}`);
      if (state.id !== id || state.busy) {
        return;
      }
      showMessages(detail.messages);
      if (detail.messages.at(-1)?.status === 'streaming') {
        waitForStoredReply(id);
      }
    } catch {
      waitForStoredReply(id);
    }
  }, POLL_MS);
}

async function reloadMessages() {
  const detail = await call('GET', `/api/conversations/${state.id}`);
  showMessages(detail.messages);
  return detail.messages;
}

function titleFrom(text) {
  const line = text.trim().replace(/\s+/g, ' ');
  return line.length <= TITLE_LENGTH ? line : `${line.slice(0, TITLE_LENGTH - 1)}…`;
}

// ---- replies

async function send(text) {
  if (state.busy || text.trim() === '') {
    return;
  }
  composer.hideError();
  const values = settings.values();
  const created = state.id == null;
  if (created) {
    try {
      const conversation = await call('POST', '/api/conversations', {title: titleFrom(text), ...values});
      state.id = conversation.id;
      setTitle(conversation.title);
      history.pushState({id: conversation.id}, '', `/c/${conversation.id}`);
      list.upsert(conversation);
      list.setActive(conversation.id);
    } catch (e) {
      composer.showError(describe(e));
      return;
    }
  }
  const shownBefore = state.views.length;
  composer.clear();
  addView({role: 'user', content: text, status: 'complete'});
  scrollToEnd(true);
  const accepted = await reply(`/api/conversations/${state.id}/messages`, {content: text, ...values}, text,
    shownBefore);
  if (!accepted && created && state.views.length === 0) {
    // the first message of a new conversation was refused and nothing was kept: drop the empty conversation
    const id = state.id;
    list.remove(id);
    call('DELETE', `/api/conversations/${id}`).catch(() => list.refresh().catch(() => {}));
    state.id = null;
    setTitle(null);
    list.setActive(null);
    history.replaceState({id: null}, '', '/');
    afterChange();
  }
}

async function regenerate() {
  const last = state.views.at(-1);
  if (state.busy || !last?.assistant) {
    return;
  }
  composer.hideError();
  last.root.remove();
  state.views.pop();
  await reply(`/api/conversations/${state.id}/regenerate`, settings.values(), null, state.views.length);
}

/**
 * Streams a reply into a new bubble; resolves to false when the server refused it before streaming. When the server refuses before streaming, the page shows what it stored and
 * gives the typed text back to the input unless it was stored.
 */
async function reply(path, body, typed, shownBefore) {
  const id = state.id;
  setBusy(true);
  const view = addView({role: 'assistant', content: '', status: 'streaming'});
  const controller = new AbortController();
  state.reply = {id, controller, stopping: false};
  let timer = 0;
  let ended = false;
  let accepted = true;
  const paint = () => {
    timer = 0;
    view.render();
    scrollToEnd();
  };
  try {
    await stream(path, body, (event, data) => {
      if (event === 'token') {
        view.appendText(JSON.parse(data).text);
        timer ||= setTimeout(paint, PAINT_MS);
      } else if (event === 'done') {
        ended = true;
        view.finish(JSON.parse(data));
      } else if (event === 'error') {
        ended = true;
        view.fail(JSON.parse(data).message);
        composer.showError('The reply failed. Press Retry to generate it again.', () => regenerate());
      }
    }, controller.signal);
    if (!ended) {
      view.fail('the connection to the server ended before the reply did');
      composer.showError('The connection to the server was lost. Reload the page to see what was stored.');
    }
  } catch (e) {
    if (timer) {
      clearTimeout(timer);
      timer = 0;
    }
    if (e.name === 'AbortError') {
      view.fail('stopped in the browser', 'stopped');
    } else if (e.beforeStream) {
      accepted = false;
      view.root.remove();
      state.views.pop();
      await refused(e, typed, shownBefore);
    } else {
      view.fail(e.message);
      composer.showError(describe(e));
    }
  } finally {
    if (timer) {
      clearTimeout(timer);
      view.render();
    }
    state.reply = null;
    setBusy(false);
    list.refresh().catch(() => {});
    scrollToEnd();
    composer.focus();
  }
  return accepted;
}

/** The server refused a reply: show what it kept; the typed text goes back into the input unless it was kept. */
async function refused(e, typed, shownBefore) {
  let stored = null;
  try {
    stored = await reloadMessages();
  } catch {
    // the server is gone: take back the message shown before sending
    for (const v of state.views.splice(shownBefore)) {
      v.root.remove();
    }
    afterChange();
  }
  const kept = stored != null && state.views.length > shownBefore;
  if (typed != null && !kept) {
    composer.restore(typed);
  }
  const last = stored?.at(-1);
  const retry = last?.role === 'assistant' && last.status === 'error' ? () => regenerate() : null;
  composer.showError(describe(e), retry);
}

async function stop() {
  const running = state.reply;
  if (!running || running.stopping) {
    return;
  }
  running.stopping = true;
  composer.setStopping(true);
  try {
    const result = await call('POST', `/api/conversations/${running.id}/stop`);
    if (!result.stopped) {
      running.controller.abort();
    }
  } catch {
    running.controller.abort();
  }
}

async function clearHistory() {
  if (state.busy || state.id == null) {
    return;
  }
  try {
    await call('DELETE', `/api/conversations/${state.id}/messages`);
    showMessages([]);
    composer.hideError();
    list.refresh().catch(() => {});
  } catch (e) {
    composer.showError(describe(e));
  }
}

// ---- wiring

newChatButton.addEventListener('click', () => {
  if (!state.busy) {
    newChat({push: true});
    closeSidebar();
  }
});
clearButton.addEventListener('click', clearHistory);
for (const s of document.querySelectorAll('.suggestion')) {
  s.addEventListener('click', () => composer.restore(s.textContent.trim()));
}
window.addEventListener('popstate', () => {
  const match = location.pathname.match(/^\/c\/(\d+)$/);
  if (match) {
    openConversation(Number(match[1]), {push: false});
  } else if (!state.busy) {
    newChat({push: false});
  }
});

async function start() {
  // The first call sets the visitor cookie; everything else waits for it.
  try {
    await list.refresh();
  } catch (e) {
    composer.showError(describe(e));
  }
  const id = document.body.dataset.conversationId;
  if (id) {
    await openConversation(Number(id), {push: false});
  } else {
    newChat({push: false});
  }
  document.body.classList.add('ready');
}

start();
