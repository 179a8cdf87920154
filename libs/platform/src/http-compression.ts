import compression from 'compression';
import type { Request, Response } from 'express';

/**
 * gzip (or deflate) for every answer worth it (over 1 KB, a compressible type) — API JSON, CSV,
 * NDJSON and the console's assets — for officers on slow lines. Never for server-sent events: a
 * compressor buffers until its window fills, so events would wait. Tokens travel in a header, not
 * a cookie, so a page of another site cannot make a browser send authenticated requests whose
 * compressed size would leak a secret (BREACH needs that).
 */
export function httpCompression() {
  return compression({
    filter: (req: Request, res: Response) => !String(res.getHeader('Content-Type') ?? '').startsWith('text/event-stream') && compression.filter(req, res),
  });
}
