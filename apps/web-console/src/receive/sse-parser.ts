/**
 * Server-sent events, parsed incrementally (the WHATWG rules the console needs: `event`, `id`,
 * `data` lines, comments, CRLF). Pure, so the header-authenticated reader and its tests share it.
 */
export interface SseMessage {
  readonly type: string;
  readonly id?: string;
  readonly data: string;
}

export class SseParser {
  private buffer = '';

  /** Feeds a chunk; returns the messages it completed. */
  push(chunk: string): SseMessage[] {
    this.buffer += chunk.replace(/\r\n?/g, '\n');
    const out: SseMessage[] = [];
    let end: number;
    while ((end = this.buffer.indexOf('\n\n')) >= 0) {
      const block = this.buffer.slice(0, end);
      this.buffer = this.buffer.slice(end + 2);
      let type = 'message';
      let id: string | undefined;
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (!line || line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') type = value;
        else if (field === 'id') id = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length || id !== undefined) out.push({ type, ...(id !== undefined ? { id } : {}), data: data.join('\n') });
    }
    return out;
  }
}
