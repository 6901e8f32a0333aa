// The conversation API (/api/conversations): JSON calls and replies streamed as server-sent events.
// Every call that changes something sends the XSRF-TOKEN cookie back as the X-XSRF-TOKEN header (when the
// server has set one), as Spring Security's CSRF protection expects.

/** A refused or failed call: the HTTP status (0: no answer at all) and the server's message. */
export class ApiError extends Error {
  constructor(status, message, {code = null, param = null, retryAfter = null} = {}) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.param = param;
    this.retryAfter = retryAfter;
  }
}

function csrfHeaders() {
  const match = document.cookie.match(/(?:^|;\s*)XSRF-TOKEN=([^;]*)/);
  return match ? {'X-XSRF-TOKEN': decodeURIComponent(match[1])} : {};
}

function headersFor(method, body, accept) {
  const headers = {Accept: accept};
  if (method !== 'GET' && method !== 'HEAD') {
    Object.assign(headers, csrfHeaders());
  }
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
  }
  return headers;
}

async function send(method, path, body, accept, signal) {
  try {
    return await fetch(path, {
      method,
      headers: headersFor(method, body, accept),
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store',
      signal,
    });
  } catch (e) {
    if (e.name === 'AbortError') {
      throw e;
    }
    throw new ApiError(0, 'The server cannot be reached.', {code: 'network'});
  }
}

async function errorOf(response) {
  let message = `The server answered ${response.status} ${response.statusText}`.trim();
  let details = {};
  try {
    const body = await response.json();
    const error = body.error && typeof body.error === 'object' ? body.error : body;
    if (typeof error.message === 'string' && error.message) {
      message = error.message;
    }
    details = {code: error.code ?? null, param: error.param ?? null};
  } catch {
    // not JSON: keep the status line
  }
  return new ApiError(response.status, message, {...details, retryAfter: response.headers.get('Retry-After')});
}

/** One JSON call; resolves to the parsed body (null for 204) or rejects with an ApiError. */
export async function call(method, path, body) {
  const response = await send(method, path, body, 'application/json');
  if (!response.ok) {
    throw await errorOf(response);
  }
  return response.status === 204 ? null : response.json();
}

/**
 * POSTs {@code body} and reads the reply as server-sent events, calling onEvent(name, data) for each. Rejects with
 * an ApiError (beforeStream = true) when the server refuses the request; resolves when the stream ends.
 */
export async function stream(path, body, onEvent, signal) {
  let response;
  try {
    response = await send('POST', path, body, 'text/event-stream', signal);
  } catch (e) {
    e.beforeStream = true;
    throw e;
  }
  if (!response.ok) {
    const error = await errorOf(response);
    error.beforeStream = true;
    throw error;
  }
  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new EventParser(onEvent);
  for (;;) {
    let chunk;
    try {
      chunk = await reader.read();
    } catch (e) {
      if (e.name === 'AbortError') {
        throw e;
      }
      throw new ApiError(0, 'The connection to the server was lost.', {code: 'network'});
    }
    if (chunk.done) {
      return;
    }
    parser.push(chunk.value);
  }
}

/** The event-stream format (fields event and data; a blank line ends an event), fed text as it arrives. */
class EventParser {
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.event = '';
    this.data = [];
  }

  push(text) {
    this.buffer += text;
    let end;
    while ((end = this.buffer.search(/\r\n|\r|\n/)) >= 0) {
      // a lone \r at the very end may be half of \r\n: wait for more
      if (this.buffer[end] === '\r' && end === this.buffer.length - 1) {
        return;
      }
      const line = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + (this.buffer.startsWith('\r\n', end) ? 2 : 1));
      this.line(line);
    }
  }

  line(line) {
    if (line === '') {
      if (this.data.length > 0) {
        this.onEvent(this.event || 'message', this.data.join('\n'));
      }
      this.event = '';
      this.data = [];
      return;
    }
    if (line.startsWith(':')) {
      return;
    }
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) {
      value = value.slice(1);
    }
    if (field === 'event') {
      this.event = value;
    } else if (field === 'data') {
      this.data.push(value);
    }
  }
}
