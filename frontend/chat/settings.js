// The sidebar's generation settings: Max Length, Top P, Temperature and the system prompt. They are sent with
// every reply and kept with the open conversation (saved shortly after each change).
import {call} from './api.js';

const SAVE_DELAY_MS = 400;

export class Settings {
  /** {@code hooks}: conversationId() (null when none is open), error(e). */
  constructor(hooks) {
    this.hooks = hooks;
    this.maxLength = document.getElementById('max-length');
    this.topP = document.getElementById('top-p');
    this.temperature = document.getElementById('temperature');
    this.systemPrompt = document.getElementById('system-prompt');
    this.timer = null;
    for (const [input, digits] of [[this.maxLength, 0], [this.topP, 2], [this.temperature, 2]]) {
      const output = document.getElementById(`${input.id}-value`);
      const show = () => {
        output.textContent = Number(input.value).toFixed(digits);
      };
      input.addEventListener('input', () => {
        show();
        this.scheduleSave();
      });
      input.addEventListener('change', show);
      show();
    }
    this.systemPrompt.addEventListener('input', () => this.scheduleSave());
  }

  /** The values as the conversation API names them. */
  values() {
    return {
      maxNewTokens: Number.parseInt(this.maxLength.value, 10),
      topP: Number.parseFloat(this.topP.value),
      temperature: Number.parseFloat(this.temperature.value),
      systemPrompt: this.systemPrompt.value,
    };
  }

  /** Shows a conversation's stored settings (the current values where it has none). */
  apply(settings) {
    this.cancelSave();
    if (!settings) {
      return;
    }
    const set = (input, value) => {
      if (value != null) {
        input.value = String(value);
        input.dispatchEvent(new Event('change'));
      }
    };
    set(this.maxLength, settings.maxNewTokens == null ? null
      : Math.min(settings.maxNewTokens, Number(this.maxLength.max)));
    set(this.topP, settings.topP);
    set(this.temperature, settings.temperature);
    this.systemPrompt.value = settings.systemPrompt ?? '';
  }

  scheduleSave() {
    this.cancelSave();
    const id = this.hooks.conversationId();
    if (id == null) {
      return;
    }
    this.timer = setTimeout(() => {
      this.timer = null;
      call('PATCH', `/api/conversations/${id}`, this.values()).catch(this.hooks.error);
    }, SAVE_DELAY_MS);
  }

  cancelSave() {
    if (this.timer) {
      clearTimeout(this.timer);
      this.timer = null;
    }
  }
}
