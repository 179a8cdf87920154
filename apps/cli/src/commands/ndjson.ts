import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { UsageError } from '../cli-context.js';

/** Lines of an NDJSON file, or of a replay endpoint answered with the auditor's token. */
export async function ndjsonLines(source: { file?: string; url?: string; token?: string; query?: string }): Promise<AsyncIterable<string>> {
  if (source.file) return createInterface({ input: createReadStream(source.file), crlfDelay: Infinity });
  if (!source.url || !source.token) throw new UsageError('give a FILE, or --url and --token');
  const res = await fetch(`${source.url.replace(/\/$/, '')}/api/audit/events${source.query ? `?${source.query}` : ''}`, {
    headers: { authorization: `Bearer ${source.token}` },
  });
  if (res.status !== 200 || !res.body) throw new Error(`replay endpoint answered ${res.status}: ${await res.text()}`);
  return createInterface({ input: Readable.fromWeb(res.body as never), crlfDelay: Infinity });
}
