// The visitor's conversations in the sidebar, newest first: open, rename (inline) and delete (click twice).
import {call} from './api.js';

const PAGE_SIZE = 30;

/** The conversation list. {@code hooks}: open(id), deleted(id), renamed(conversation), error(e). */
export class ConversationList {
  constructor(hooks) {
    this.hooks = hooks;
    this.list = document.getElementById('conversation-list');
    this.empty = document.getElementById('history-empty');
    this.more = document.getElementById('more-conversations');
    this.items = [];
    this.total = 0;
    this.activeId = null;
    this.generation = 0;
    this.more.addEventListener('click', () => this.load(this.items.length).catch(hooks.error));
  }

  /** Loads the first page again (after a change), keeping as many rows as were shown. */
  async refresh() {
    const generation = ++this.generation;
    const size = Math.min(100, Math.max(PAGE_SIZE, this.items.length));
    const page = await call('GET', `/api/conversations?page=0&size=${size}`);
    if (generation !== this.generation) {
      return; // a later refresh or change is newer than this answer
    }
    this.items = page.items;
    this.total = page.total;
    this.render();
  }

  async load(offset) {
    const generation = this.generation;
    const page = Math.floor(offset / PAGE_SIZE);
    const result = await call('GET', `/api/conversations?page=${page}&size=${PAGE_SIZE}`);
    if (generation !== this.generation) {
      return;
    }
    const known = new Set(this.items.map(c => c.id));
    this.items.push(...result.items.filter(c => !known.has(c.id)));
    this.total = result.total;
    this.render();
  }

  setActive(id) {
    this.activeId = id;
    for (const li of this.list.children) {
      const active = li.dataset.id === String(id);
      li.classList.toggle('active', active);
      li.querySelector('.conv-open')?.setAttribute('aria-current', active ? 'page' : 'false');
    }
  }

  /** Puts a conversation at the top (a new one, or one just answered). */
  upsert(conversation) {
    this.generation += 1;
    if (!this.items.some(c => c.id === conversation.id)) {
      this.total += 1;
    }
    this.items = [conversation, ...this.items.filter(c => c.id !== conversation.id)];
    this.render();
  }

  /** Takes a conversation off the list (deleted elsewhere); answers to earlier refreshes are ignored. */
  remove(id) {
    this.generation += 1;
    if (this.items.some(c => c.id === id)) {
      this.items = this.items.filter(c => c.id !== id);
      this.total = Math.max(0, this.total - 1);
    }
    this.render();
  }

  render() {
    this.list.replaceChildren(...this.items.map(c => this.row(c)));
    this.empty.hidden = this.items.length > 0;
    this.more.hidden = this.items.length >= this.total;
    this.setActive(this.activeId);
  }

  row(conversation) {
    const li = document.createElement('li');
    li.className = 'conv';
    li.dataset.id = String(conversation.id);
    const open = document.createElement('a');
    open.className = 'conv-open';
    open.href = `/c/${conversation.id}`;
    open.textContent = conversation.title;
    open.title = conversation.title;
    open.addEventListener('click', event => {
      event.preventDefault();
      this.hooks.open(conversation.id);
    });
    const rename = button('conv-rename', 'Rename', '✎');
    rename.addEventListener('click', () => this.startRename(li, conversation));
    const del = button('conv-delete', 'Delete', '✕');
    del.addEventListener('click', () => this.confirmDelete(del, conversation));
    li.append(open, rename, del);
    return li;
  }

  startRename(li, conversation) {
    const input = document.createElement('input');
    input.className = 'conv-title-input';
    input.value = conversation.title;
    input.maxLength = 200;
    input.setAttribute('aria-label', 'New title');
    li.replaceChildren(input);
    li.classList.add('editing');
    input.focus();
    input.select();
    let done = false;
    const finish = async save => {
      if (done) {
        return;
      }
      done = true;
      const title = input.value.trim();
      if (save && title && title !== conversation.title) {
        try {
          const updated = await call('PATCH', `/api/conversations/${conversation.id}`, {title});
          this.generation += 1;
          this.items = this.items.map(c => c.id === updated.id ? updated : c);
          this.hooks.renamed(updated);
        } catch (e) {
          this.hooks.error(e);
        }
      }
      this.render();
    };
    input.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.isComposing) {
        event.preventDefault();
        finish(true);
      } else if (event.key === 'Escape') {
        finish(false);
      }
    });
    input.addEventListener('blur', () => finish(true));
  }

  confirmDelete(del, conversation) {
    if (!del.classList.contains('confirm')) {
      del.classList.add('confirm');
      del.textContent = 'Delete?';
      del.title = 'Click again to delete this conversation';
      setTimeout(() => {
        if (del.isConnected) {
          del.classList.remove('confirm');
          del.textContent = '✕';
          del.title = 'Delete';
        }
      }, 4000);
      return;
    }
    call('DELETE', `/api/conversations/${conversation.id}`).then(() => {
      this.remove(conversation.id);
      this.hooks.deleted(conversation.id);
    }, this.hooks.error);
  }
}

function button(className, label, text) {
  const b = document.createElement('button');
  b.type = 'button';
  b.className = `conv-button ${className}`;
  b.title = label;
  b.setAttribute('aria-label', label);
  b.textContent = text;
  return b;
}
