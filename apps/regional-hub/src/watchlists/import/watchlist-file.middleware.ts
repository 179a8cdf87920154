import type { NextFunction, Request, Response } from 'express';

export const WATCHLIST_IMPORT_PATH = '/api/watchlists/imports';
export const WATCHLIST_MEDIA_TYPES = ['application/xml', 'text/xml', 'text/csv'];

/** What the reader leaves on the request: the file's text, or that it was over the bound. */
export interface WatchlistFileRequest {
  watchlistFile?: string;
  watchlistFileTooLarge?: boolean;
}

/**
 * Reads a watch-list upload with its own size bound, before the generic body parsers: the file is
 * kept off `req.body`, so the generic input check (which can only say "body") leaves it to the
 * import's own strict parser, which names the line of a NUL, a lone surrogate or a bad byte.
 */
export function watchlistFileReader(maxBytes: number) {
  return (req: Request & WatchlistFileRequest, _res: Response, next: NextFunction): void => {
    const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
    if (req.method !== 'POST' || !WATCHLIST_MEDIA_TYPES.includes(type)) return next();
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      if (!req.watchlistFileTooLarge) req.watchlistFile = Buffer.concat(chunks).toString('utf8');
      (req as { _body?: boolean })._body = true; // no later body parser reads it again
      req.body = {};
      next();
    };
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > maxBytes) {
        req.watchlistFileTooLarge = true;
        chunks.length = 0;
        finish(); // the rest is discarded as it arrives; the route answers 413
      } else if (!req.watchlistFileTooLarge) chunks.push(c);
    });
    req.on('end', finish);
    req.on('error', (e) => (done ? undefined : ((done = true), next(e))));
  };
}
