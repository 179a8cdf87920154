import { Inject, Injectable } from '@nestjs/common';
import { DataSource, type QueryRunner } from 'typeorm';
import type { Principal } from '@cix/auth';
import { lookupKeys } from '@cix/read-model';
import { RescreenService } from '../screening/rescreen.service.js';
import { parseUnConsolidatedList } from './un-consolidated-list.xml.js';
import { parseWatchlistCsv } from './watchlist.csv.js';
import type { WatchlistEntry } from './watchlist-entry.js';

export type WatchlistFormat = 'un-xml' | 'csv';

export interface ImportedVersion {
  readonly list: string;
  readonly version: number;
  readonly entries: number;
  readonly importedAt: string;
}

const CHUNK = 10_000;

/**
 * A watch-list import: parses the file strictly, stores it as the list's next version (names
 * normalised, blocking keys indexed) and makes it current in one transaction, then starts the
 * background re-screen of every alert against it.
 */
@Injectable()
export class ImportWatchlistService {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(RescreenService) private readonly rescreen: RescreenService,
  ) {}

  async import(principal: Principal, list: string, format: WatchlistFormat, body: string): Promise<ImportedVersion> {
    const entries = format === 'un-xml' ? parseUnConsolidatedList(body) : parseWatchlistCsv(body);
    const imported = await this.db.transaction((tx) => storeWatchlistVersion(tx.queryRunner!, list, format, entries, principal));
    this.rescreen.start(list, imported.version);
    return imported;
  }
}

/** Stores `entries` as the next version of `list` and makes it current, in the caller's transaction (the import, the benchmark). */
export async function storeWatchlistVersion(
  qr: QueryRunner,
  list: string,
  format: WatchlistFormat,
  entries: readonly WatchlistEntry[],
  p: Principal,
): Promise<ImportedVersion> {
  // The list row is the lock: two imports of one list take consecutive versions.
  await qr.query(`INSERT INTO hub_watchlists (name, current_version) VALUES ($1, 0) ON CONFLICT (name) DO NOTHING`, [list]);
  await qr.query(`SELECT 1 FROM hub_watchlists WHERE name = $1 FOR UPDATE`, [list]);
  const [{ version }] = (await qr.query(`SELECT coalesce(max(version), 0) + 1 AS version FROM hub_watchlist_versions WHERE list = $1`, [list])) as Array<{
    version: number;
  }>;
  const [{ imported_at }] = (await qr.query(
    `INSERT INTO hub_watchlist_versions (list, version, format, entries, imported_by) VALUES ($1, $2, $3, $4, $5) RETURNING imported_at`,
    [list, version, format, entries.length, `${p.agency}/${p.sub}`],
  )) as Array<{ imported_at: Date }>;
  const names = entries.flatMap((e) => e.names.map((n) => ({ e, n, keys: lookupKeys(n.alias) })));
  for (let i = 0; i < names.length; i += CHUNK) {
    const chunk = names.slice(i, i + CHUNK);
    const ids = (await qr.query(`SELECT nextval(pg_get_serial_sequence('hub_watchlist_names', 'id'))::text AS id FROM generate_series(1, $1)`, [
      chunk.length,
    ])) as Array<{
      id: string;
    }>;
    await qr.query(
      `INSERT INTO hub_watchlist_names (id, list, version, reference, entry_kind, entry_name, alias, quality, normalised)
       SELECT id, $2, $3, reference, kind, name, alias, quality, normalised
         FROM unnest($1::bigint[], $4::text[], $5::text[], $6::text[], $7::text[], $8::text[], $9::text[]) AS t(id, reference, kind, name, alias, quality, normalised)`,
      [
        ids.map((r) => r.id),
        list,
        version,
        chunk.map((x) => x.e.reference),
        chunk.map((x) => x.e.kind),
        chunk.map((x) => x.e.name),
        chunk.map((x) => x.n.alias),
        chunk.map((x) => x.n.quality),
        chunk.map((x) => x.keys[0]?.slice(2) ?? ''),
      ],
    );
    const keyRows = chunk.flatMap((x, j) => x.keys.map((k) => [k, ids[j].id] as const));
    for (let k = 0; k < keyRows.length; k += CHUNK * 2)
      await qr.query(
        `INSERT INTO hub_watchlist_keys (key, list, version, name_id)
         SELECT key, $2, $3, name_id FROM unnest($1::text[], $4::bigint[]) AS t(key, name_id) ON CONFLICT DO NOTHING`,
        [keyRows.slice(k, k + CHUNK * 2).map((r) => r[0]), list, version, keyRows.slice(k, k + CHUNK * 2).map((r) => r[1])],
      );
  }
  await qr.query(`UPDATE hub_watchlists SET current_version = $2, updated_at = now() WHERE name = $1`, [list, version]);
  return { list, version, entries: entries.length, importedAt: new Date(imported_at).toISOString() };
}
