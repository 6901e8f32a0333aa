// Replies as Markdown: marked turns the text into HTML, DOMPurify keeps only harmless Markdown elements (no
// script, no event handlers, no styles, no javascript: links), highlight.js colours the code blocks.
import {Marked} from '../webjars/marked/lib/marked.esm.js';
import DOMPurify from '../webjars/dompurify/dist/purify.es.mjs';

const marked = new Marked({gfm: true, breaks: true});

/** The elements Markdown produces (and the few raw-HTML ones models use); everything else is dropped. */
const ALLOWED_TAGS = ['a', 'b', 'blockquote', 'br', 'code', 'del', 'details', 'em', 'h1', 'h2', 'h3', 'h4', 'h5',
  'h6', 'hr', 'i', 'img', 'input', 'kbd', 'li', 'mark', 'ol', 'p', 'pre', 's', 'span', 'strong', 'sub', 'summary',
  'sup', 'table', 'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'u', 'ul'];
const ALLOWED_ATTR = ['href', 'title', 'alt', 'src', 'class', 'align', 'start', 'type', 'checked', 'disabled', 'colspan',
  'rowspan', 'open'];

const PURIFY = {
  ALLOWED_TAGS,
  ALLOWED_ATTR,
  ALLOW_DATA_ATTR: false,
  RETURN_DOM_FRAGMENT: true,
};

DOMPurify.addHook('afterSanitizeAttributes', node => {
  if (node.tagName === 'A' && node.hasAttribute('href')) {
    node.setAttribute('target', '_blank');
    node.setAttribute('rel', 'noopener noreferrer nofollow');
  }
  if (node.tagName === 'INPUT' && node.getAttribute('type') !== 'checkbox') {
    node.remove();
  }
  if (node.tagName === 'INPUT') {
    node.setAttribute('disabled', '');
  }
  if (node.tagName === 'IMG') {
    node.setAttribute('loading', 'lazy');
    node.setAttribute('referrerpolicy', 'no-referrer');
  }
});

/** The sanitized DOM of a Markdown text. */
export function markdownFragment(text) {
  return DOMPurify.sanitize(marked.parse(text), PURIFY);
}

/**
 * Renders {@code text} into {@code container}: sanitized Markdown, code blocks highlighted and given a header with
 * their language and a copy button, tables made scrollable; with {@code cursor}, a blinking ▌ after the last text.
 */
export function renderMarkdown(container, text, {cursor = false} = {}) {
  container.replaceChildren(markdownFragment(text));
  for (const pre of container.querySelectorAll('pre')) {
    decorateCodeBlock(pre);
  }
  for (const table of container.querySelectorAll('table')) {
    const wrap = document.createElement('div');
    wrap.className = 'table-wrap';
    table.replaceWith(wrap);
    wrap.append(table);
  }
  if (cursor) {
    appendCursor(container);
  }
}

function decorateCodeBlock(pre) {
  const code = pre.querySelector('code');
  const language = code ? languageOf(code) : '';
  const hljs = window.hljs;
  if (code && hljs) {
    if (language && hljs.getLanguage(language)) {
      code.replaceChildren(...highlighted(hljs.highlight(code.textContent, {language, ignoreIllegals: true}).value));
    }
    code.classList.add('hljs');
  }
  const block = document.createElement('div');
  block.className = 'code-block';
  const header = document.createElement('div');
  header.className = 'code-header';
  const label = document.createElement('span');
  label.textContent = language || 'text';
  const copy = document.createElement('button');
  copy.type = 'button';
  copy.className = 'code-copy';
  copy.textContent = 'Copy';
  copy.addEventListener('click', () => copyText(code ? code.textContent : pre.textContent, copy));
  header.append(label, copy);
  pre.replaceWith(block);
  block.append(header, pre);
}

/** highlight.js output is HTML of spans over escaped text; it goes through DOMPurify like everything else. */
function highlighted(html) {
  return [...DOMPurify.sanitize(html, {ALLOWED_TAGS: ['span'], ALLOWED_ATTR: ['class'], RETURN_DOM_FRAGMENT: true})
    .childNodes];
}

function languageOf(code) {
  for (const c of code.classList) {
    if (c.startsWith('language-')) {
      return c.slice('language-'.length).toLowerCase();
    }
  }
  return '';
}

const VOID = new Set(['BR', 'HR', 'IMG', 'INPUT']);

/** Puts the cursor after the last text: into the deepest last element, unless text follows it. */
function appendCursor(root) {
  let target = root;
  for (;;) {
    const last = target.lastElementChild;
    if (!last || VOID.has(last.tagName) || last.classList.contains('code-header')) {
      break;
    }
    const trailing = target.lastChild;
    if (trailing !== last && trailing.textContent.trim() !== '') {
      break;
    }
    target = last.classList.contains('code-block') || last.classList.contains('table-wrap')
      ? last.lastElementChild : last;
  }
  const cursor = document.createElement('span');
  cursor.className = 'cursor';
  cursor.setAttribute('aria-hidden', 'true');
  cursor.textContent = '▌';
  target.append(cursor);
}

/** Copies text to the clipboard and says so on the button for a moment. */
export async function copyText(text, button) {
  let ok = true;
  try {
    await navigator.clipboard.writeText(text);
  } catch {
    ok = fallbackCopy(text);
  }
  if (button) {
    const before = button.dataset.label ?? button.textContent;
    button.dataset.label = before;
    button.classList.add('copied');
    button.textContent = ok ? 'Copied' : 'Copy failed';
    setTimeout(() => {
      button.textContent = before;
      button.classList.remove('copied');
    }, 1500);
  }
  return ok;
}

function fallbackCopy(text) {
  const area = document.createElement('textarea');
  area.value = text;
  area.setAttribute('readonly', '');
  area.className = 'offscreen';
  document.body.append(area);
  area.select();
  let ok = false;
  try {
    ok = document.execCommand('copy');
  } catch {
    ok = false;
  }
  area.remove();
  return ok;
}
