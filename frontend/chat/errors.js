// What to tell a person when a call is refused or fails: the server's reason and what to do about it.
import {ApiError} from './api.js';

function sentence(text) {
  return text ? text[0].toUpperCase() + text.slice(1) : text;
}

/** A sentence or two for the error box above the input. */
export function describe(e) {
  if (!(e instanceof ApiError)) {
    return `Something went wrong: ${e.message ?? e}`;
  }
  switch (e.status) {
    case 0:
      return 'Cannot reach the server: is Puyu still running? Check it and try again; your text is kept.';
    case 429:
      return `The server is busy (too many replies waiting). Try again in ${e.retryAfter ?? 'a few'} seconds.`;
    case 503:
      return `The server cannot generate replies right now (${e.message}). Try again later.`;
    case 404:
      return 'This conversation no longer exists (deleted in another tab?). Start a new chat.';
    case 409:
      return 'A reply of this conversation is still being written. Wait for it to end, or press Stop.';
    case 401:
    case 403:
      return 'The server refused the request (signed out?). Reload the page and try again.';
    default:
      if (e.param === 'max_tokens') {
        const room = e.message.match(/at most (\d+) tokens are left/);
        return `Max Length is too large for this conversation${room ? `: at most ${room[1]} tokens are left for`
          + ' the reply' : ''}. Lower Max Length in the sidebar, or start a new chat.`;
      }
      if (e.param === 'messages') {
        return `${sentence(e.message)}. Shorten the message, or start a new chat: every message is sent with the`
          + ' conversation before it.';
      }
      if (e.code === 'context_length_exceeded' || /context/i.test(e.message)) {
        return `${sentence(e.message)}. Lower Max Length in the sidebar, shorten the message, or start a new chat.`;
      }
      return sentence(e.message);
  }
}
