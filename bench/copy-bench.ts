import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';

const COLUMNS = 'stream_id, stream_version, event_id, type, schema_version, payload, metadata, occurred_at, recorded_at, prev_hash, hash, signature, key_id';

/** COPY's text format: tab-separated, with backslash, tab and line breaks escaped. */
const field = (v: unknown) => String(v).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');

/** One `COPY … FROM STDIN` of rows `from`…`to - 1` into `table`, in one transaction. */
async function copyRows(pool: pg.Pool, table: string, from: number, to: number, row: (i: number) => unknown[]): Promise<void> {
  const client = await pool.connect();
  try {
    const lines = (function* () {
      for (let i = from; i < to; i += 500) {
        let chunk = '';
        for (let j = i; j < Math.min(i + 500, to); j++) chunk += row(j).map(field).join('\t') + '\n';
        yield chunk;
      }
    })();
    await pipeline(Readable.from(lines), client.query(copyFrom(`COPY ${table} (${COLUMNS}) FROM STDIN`)));
  } finally {
    client.release();
  }
}

/**
 * The physical limit for writing these events: `COPY` of the same rows into a table identical to
 * the event table (same columns and indexes), one stream, then two concurrent streams.
 */
export async function benchCopy(
  pool: pg.Pool,
  createTable: (name: string) => string,
  n: number,
  row: (i: number) => unknown[],
  log: (...a: unknown[]) => void,
) {
  await pool.query(createTable('copy_events'));
  log(`raw COPY, one stream, ${n.toLocaleString('en')} rows …`);
  let t = process.hrtime.bigint();
  await copyRows(pool, 'copy_events', 0, n, row);
  const one = n / (Number(process.hrtime.bigint() - t) / 1e9);
  await pool.query(createTable('copy_events_2'));
  log(`raw COPY, two concurrent streams, ${n.toLocaleString('en')} rows …`);
  t = process.hrtime.bigint();
  await Promise.all([copyRows(pool, 'copy_events_2', 0, n / 2, row), copyRows(pool, 'copy_events_2', n / 2, n, row)]);
  const two = n / (Number(process.hrtime.bigint() - t) / 1e9);
  return { raw_copy_per_s: one, raw_copy_two_streams_per_s: two };
}
