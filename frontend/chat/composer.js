// The input pinned to the bottom: Enter sends, Shift+Enter adds a line; disabled (with Stop shown) while a
// reply streams; errors shown above it with what to do, and an optional action (Retry).

const MAX_HEIGHT_PX = 220;

export class Composer {
  /** {@code hooks}: submit(text), stop(). */
  constructor(hooks) {
    this.form = document.getElementById('composer');
    this.input = document.getElementById('input');
    this.send = document.getElementById('send-button');
    this.stopButton = document.getElementById('stop-button');
    this.error = document.getElementById('composer-error');
    this.errorText = document.getElementById('composer-error-text');
    this.errorAction = document.getElementById('composer-error-action');
    this.action = null;
    this.form.addEventListener('submit', event => {
      event.preventDefault();
      hooks.submit(this.input.value);
    });
    this.input.addEventListener('keydown', event => {
      if (event.key === 'Enter' && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
        event.preventDefault();
        hooks.submit(this.input.value);
      }
    });
    this.input.addEventListener('input', () => this.fit());
    this.stopButton.addEventListener('click', () => hooks.stop());
    this.errorAction.addEventListener('click', () => {
      const action = this.action;
      this.hideError();
      action?.();
    });
    document.getElementById('composer-error-close').addEventListener('click', () => this.hideError());
    this.fit();
  }

  fit() {
    this.input.style.height = 'auto';
    this.input.style.height = `${Math.min(this.input.scrollHeight, MAX_HEIGHT_PX)}px`;
    this.send.disabled = this.input.disabled || this.input.value.trim() === '';
  }

  focus() {
    if (!this.input.disabled && window.matchMedia('(pointer: fine)').matches) {
      this.input.focus();
    }
  }

  clear() {
    this.input.value = '';
    this.fit();
  }

  /** Puts text back into the input (a refused message, a suggestion). */
  restore(text) {
    this.input.value = text;
    this.fit();
    this.input.focus();
    this.input.setSelectionRange(text.length, text.length);
  }

  setBusy(busy) {
    this.input.disabled = busy;
    this.input.placeholder = busy ? 'Wait for the reply to end, or press Stop'
      : 'Send a message (Enter sends, Shift+Enter adds a line)';
    this.stopButton.hidden = !busy;
    this.send.hidden = busy;
    this.setStopping(false);
    this.fit();
  }

  setStopping(stopping) {
    this.stopButton.disabled = stopping;
    this.stopButton.querySelector('span').textContent = stopping ? 'Stopping…' : 'Stop';
  }

  showError(message, action = null) {
    this.errorText.textContent = message;
    this.action = action;
    this.errorAction.hidden = action == null;
    this.error.hidden = false;
  }

  hideError() {
    this.error.hidden = true;
    this.action = null;
  }
}
