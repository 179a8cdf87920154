import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { DataSource } from 'typeorm';
import type { Principal } from '@cix/auth';
import { HUB_MIGRATIONS, screenAlerts } from '@cix/read-model';
import { storeWatchlistVersion } from '../apps/regional-hub/src/watchlists/import/import-watchlist.service.js';
import type { WatchlistEntry } from '../apps/regional-hub/src/watchlists/import/watchlist-entry.js';

// Watch-list screening (issue 13): p95 time to screen one alert's parties against a list of a few
// thousand entries, each alert in its own transaction as the projector does. Screening reads the
// list's key index and writes hits; it reads no alert table, so its cost does not grow with the
// alerts the hub holds. What can grow is the hits table and the list's old versions: both are
// filled first (HITS_HELD rows, VERSIONS versions).

const SYLLABLES = [
  'ka',
  'ras',
  'nur',
  'bek',
  'tal',
  'mir',
  'zan',
  'ol',
  'dar',
  'sul',
  'tan',
  'ger',
  'vek',
  'ash',
  'lin',
  'or',
  'chu',
  'ram',
  'sey',
  'tur',
  'ay',
  'bol',
  'kem',
  'yus',
];
const TRADE = ['Trans', 'Logistics', 'Shipping', 'Trade', 'Oil', 'Grain', 'Invest', 'Marine', 'Service', 'Group'];
const LEGAL = ['LLP', 'LLC', 'JSC', 'MMC', 'HJ', 'TOO'];
const CYR: Record<string, string> = {
  a: 'а',
  b: 'б',
  c: 'ц',
  d: 'д',
  e: 'е',
  g: 'г',
  h: 'х',
  i: 'и',
  k: 'к',
  l: 'л',
  m: 'м',
  n: 'н',
  o: 'о',
  r: 'р',
  s: 'с',
  t: 'т',
  u: 'у',
  v: 'в',
  y: 'й',
  z: 'з',
};

/** A deterministic pseudo-random sequence (the same names every run). */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32;
}

const cap = (w: string) => w[0].toUpperCase() + w.slice(1);
const cyrillic = (w: string) => [...w.toLowerCase()].map((c) => CYR[c] ?? c).join('');

function names(r: () => number) {
  const word = (n = 2 + Math.floor(r() * 2)) => cap(Array.from({ length: n }, () => SYLLABLES[Math.floor(r() * SYLLABLES.length)]).join(''));
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  return {
    entity: () => `${word()} ${pick(TRADE)} ${pick(LEGAL)}`,
    person: () => `${word()} ${word()}ov`,
    cyrillic: (name: string) =>
      name
        .split(' ')
        .map((w) => cap(cyrillic(w)))
        .join(' '),
  };
}

function listOf(size: number, seed: number): WatchlistEntry[] {
  const r = rng(seed);
  const n = names(r);
  return Array.from({ length: size }, (_, i) => {
    const kind = i % 3 === 0 ? 'individual' : 'entity';
    const name = kind === 'individual' ? n.person() : n.entity();
    return {
      reference: `B.${i}`,
      kind,
      name,
      names: [
        { alias: name, quality: 'primary' },
        { alias: n.cyrillic(name), quality: 'good' },
        { alias: kind === 'individual' ? n.person() : n.entity(), quality: 'low' },
      ],
    };
  });
}

/** One list version of `size` entries stored as the hub's import does (the correlation bench screens against it too); returns the entries. */
export async function storeBenchList(db: DataSource, size: number, seed = 8): Promise<WatchlistEntry[]> {
  const entries = listOf(size, seed);
  const coordinator: Principal = { sub: 'bench', agency: 'CCP', role: 'coordinator' };
  await db.transaction((tx) => storeWatchlistVersion(tx.queryRunner!, 'bench', 'csv', entries, coordinator));
  return entries;
}

export async function benchScreening(
  databaseUrl: string,
  o: { entries: number; alerts: number; hitsHeld: number; versions: number },
  log: (...a: unknown[]) => void,
) {
  const db = new DataSource({ type: 'postgres', url: databaseUrl, migrations: HUB_MIGRATIONS });
  await db.initialize();
  await db.runMigrations();
  const coordinator: Principal = { sub: 'bench', agency: 'CCP', role: 'coordinator' };
  log(`screening bench: ${o.versions} versions of a ${o.entries}-entry list, ${o.hitsHeld.toLocaleString('en')} hits held …`);
  let entries: WatchlistEntry[] = [];
  const importTimes: number[] = [];
  for (let v = 1; v <= o.versions; v++) {
    entries = listOf(o.entries, 7 + v); // each version a different list: old versions' keys stay in the index
    const t = process.hrtime.bigint();
    await db.transaction((tx) => storeWatchlistVersion(tx.queryRunner!, 'bench', 'csv', entries, coordinator));
    importTimes.push(Number(process.hrtime.bigint() - t) / 1e6);
  }
  await db.query(
    `INSERT INTO hub_screening_hits (alert_id, agency, party_role, party_name, party_is_person, list, version, reference, entry_kind, entry_name, alias, alias_quality, score)
     SELECT gen_random_uuid(), (ARRAY['AZ','KZ','TM'])[1 + i % 3], 'shipper', 'Held ' || i, false, 'bench', 1, 'B.' || (i % $2), 'entity', 'x', 'x', 'good', 0.9
       FROM generate_series(1, $1::int) AS i`,
    [o.hitsHeld, o.entries],
  );
  await db.query('ANALYZE');
  const r = rng(99);
  const n = names(r);
  const times: number[] = [];
  let hits = 0;
  for (let i = 0; i < o.alerts; i++) {
    const listed = entries[Math.floor(r() * entries.length)];
    // One party in three is on the list (a Cyrillic spelling of it half the time), the rest are not.
    const parties = [
      { role: 'shipper' as const, name: i % 3 === 0 ? (i % 2 ? listed.names[1].alias : listed.name) : n.entity(), isPerson: false },
      { role: 'consignee' as const, name: n.entity(), isPerson: false },
      { role: 'driver' as const, name: n.person(), isPerson: true },
    ];
    const alert = { id: randomUUID(), agency: 'KZ', parties };
    // Inside the transaction, as in the projector: the commit is the batch's, shared by all its events.
    const ms = await db.transaction(async (tx) => {
      const t = process.hrtime.bigint();
      hits += (await screenAlerts(tx.queryRunner!, 'public', [alert])).length;
      return Number(process.hrtime.bigint() - t) / 1e6;
    });
    if (i >= 20) times.push(ms); // after warm-up
  }
  await db.destroy();
  times.sort((a, b) => a - b);
  const pct = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))];
  return {
    screening_list_entries: o.entries,
    screening_list_versions: o.versions,
    screening_hits_held: o.hitsHeld,
    screening_import_ms: importTimes.at(-1)!,
    screening_alerts: o.alerts,
    screening_hits_found: hits,
    screening_one_alert_p50_ms: pct(0.5),
    screening_one_alert_p95_ms: pct(0.95),
  };
}

export const SCREENING_BENCH = { entries: 3000, alerts: 500, hitsHeld: 200_000, versions: 5 };

// `node dist/bench/screening-bench.js`: this section alone, on a PostgreSQL of its own; one JSON line.
if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const infra = (f: string) => import(new URL(`../../tools/infra/${f}`, import.meta.url).href);
  const { startPostgres, ensureDatabases } = await infra('postgres.mjs');
  const { freePort } = await infra('ports.mjs');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cix-screening-bench-'));
  const pgServer = await startPostgres({ dataDir: path.join(tmp, 'pg'), port: await freePort() });
  try {
    await ensureDatabases(pgServer.adminUrl, ['bench_screening']);
    console.log(JSON.stringify(await benchScreening(pgServer.url('bench_screening'), SCREENING_BENCH, () => undefined)));
  } finally {
    await pgServer.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}
