/** A server-sent-events client for the tests: collects events until closed. */
export interface SseEvent {
  type: string;
  id?: string;
  data: any;
}

/** `token` null: no Authorization header (a stream ticket in the URL instead); `headers`: e.g. Last-Event-ID. */
export async function openStream(url: string, token: string | null, headers: Record<string, string> = {}) {
  const controller = new AbortController();
  const auth: Record<string, string> = token === null ? {} : { authorization: `Bearer ${token}` };
  const res = await fetch(url, { headers: { ...auth, accept: 'text/event-stream', ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const status = res.status;
  const pump = (async () => {
    if (!res.body) return;
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const e: SseEvent = { type: 'message', data: '' };
          const data: string[] = [];
          for (const line of block.split('\n')) {
            if (line.startsWith('event:')) e.type = line.slice(6).trim();
            else if (line.startsWith('id:')) e.id = line.slice(3).trim();
            else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
          }
          try {
            e.data = JSON.parse(data.join('\n'));
          } catch {
            e.data = data.join('\n');
          }
          events.push(e);
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return {
    status,
    headers: res.headers,
    events,
    ids: (type = 'alert') => events.filter((e) => e.type === type).map((e) => e.data.id as string),
    async close() {
      controller.abort();
      await pump;
    },
  };
}
