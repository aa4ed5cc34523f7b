// Server-sent events read with fetch, so every event type reaches one handler (EventSource
// delivers named events only to listeners of that exact name) and the stream resumes after
// the last id it saw when the connection drops.
export interface SseEvent {
  id: string;
  type: string;
  data: string;
}

export interface SseHandle {
  close(): void;
}

export function subscribe(url: string, onEvent: (e: SseEvent) => void,
                          onState?: (live: boolean) => void): SseHandle {
  let closed = false;
  let lastId = '';
  let ctrl = new AbortController();

  const run = async () => {
    while (!closed) {
      try {
        const headers: Record<string, string> = { Accept: 'text/event-stream' };
        if (lastId) headers['Last-Event-ID'] = lastId;
        const res = await fetch(url, { headers, signal: ctrl.signal, credentials: 'same-origin' });
        if (!res.ok || !res.body) throw new Error(`HTTP ${res.status}`);
        onState?.(true);
        await read(res.body, (e) => {
          if (e.id) lastId = e.id;
          onEvent(e);
        });
      } catch {
        if (closed) return;
      }
      onState?.(false);
      if (!closed) await new Promise((r) => setTimeout(r, 2000));
      ctrl = new AbortController();
    }
  };
  void run();
  return {
    close() {
      closed = true;
      ctrl.abort();
    },
  };
}

async function read(body: ReadableStream<Uint8Array>, emit: (e: SseEvent) => void) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let event: SseEvent = { id: '', type: 'message', data: '' };
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buffer += decoder.decode(value, { stream: true });
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      const line = buffer.slice(0, nl).replace(/\r$/, '');
      buffer = buffer.slice(nl + 1);
      if (line === '') {
        if (event.data || event.id) emit(event);
        event = { id: '', type: 'message', data: '' };
      } else if (!line.startsWith(':')) {
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const val = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'id') event.id = val;
        else if (field === 'event') event.type = val;
        else if (field === 'data') event.data = event.data ? `${event.data}\n${val}` : val;
      }
    }
  }
}
