// Party-name matching quality (issue 13) on the labelled pairs in libs/correlation/data: the
// threshold is tuned on the tune half, precision and recall are measured on the held-out test half.
// `node dist/bench/correlation-bench.js` prints the figures as one JSON line.
// And the scale test (benchCorrelation, run by bench/run.ts): 1,000,000 alerts in a hub database.
import { generateKeyPairSync, randomUUID, type KeyObject } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { DataSource, type QueryRunner } from 'typeorm';
import { GENESIS_HASH, type AlertState, type WireEvent } from '@cix/contracts';
import { partyMatchQuality, type LabelledPair } from '@cix/correlation';
import { EventStore, signEvent, TrustStore } from '@cix/event-store';
import { correlate, HUB_MIGRATIONS, projectBatch, screenArrivals, type CorrelationOptions } from '@cix/read-model';
import { benchContainer, benchImo, companyNames, loadAlerts } from './correlation-load.js';
import { SCREENING_BENCH, storeBenchList } from './screening-bench.js';

const DATA = 'libs/correlation/data/party-pairs.json';

/** The repository's data file, from bench/ (ts) or dist/bench/ (compiled) alike. */
function dataFile(): string {
  for (let dir = path.dirname(fileURLToPath(import.meta.url)); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, DATA))) return path.join(dir, DATA);
    if (path.dirname(dir) === dir) return DATA;
  }
}

export function loadPartyPairs(file = dataFile()): LabelledPair[] {
  return (JSON.parse(readFileSync(file, 'utf8')) as { pairs: LabelledPair[] }).pairs;
}

export interface CorrelationQuality {
  /** Held-out test half, at the threshold tuned on the tune half. */
  readonly precision: number;
  readonly recall: number;
  readonly threshold: number;
  /** Share of same-party pairs (both halves) that share a blocking key. */
  readonly blockingRecall: number;
  /** Labelled pairs in all, of which testPairs were held out. */
  readonly pairs: number;
  readonly testPairs: number;
}

export function correlationQuality(pairs: readonly LabelledPair[] = loadPartyPairs()): CorrelationQuality {
  const q = partyMatchQuality(pairs);
  const round = (x: number) => Math.round(x * 1000) / 1000;
  return {
    precision: round(q.test.precision),
    recall: round(q.test.recall),
    threshold: q.threshold,
    blockingRecall: round(q.blockingRecall),
    pairs: q.pairs.tune + q.pairs.test,
    testPairs: q.pairs.test,
  };
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  console.log(JSON.stringify(correlationQuality()));
}

/** Where the screening of one alert adds its time, in the same transaction as correlation (default: the projector's screenArrivals). */
export type ScreenOne = (qr: QueryRunner, alert: AlertState) => Promise<unknown>;

const percentile = (xs: number[], q: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(q * xs.length))];

/**
 * A new alert as the projector sees it after the fold. Most carry values nobody else holds; one in
 * ten shares a container with another agency's alert, one in ten names a known company under
 * another legal form, one in twenty sails on a known vessel (matches per new alert are reported).
 */
function newAlert(i: number, agency: string, n: number, companies: readonly string[], fresh: readonly string[]): AlertState {
  const at = new Date(Date.UTC(2026, 10, 30, 12, 0, i % 60)).toISOString();
  // Alert g of the load belongs to agency ['AZ','KZ','TM'][g % 3]: pick one of another agency.
  const base = (i * 7919) % Math.min(n, 999_999);
  const other = ['AZ', 'KZ', 'TM'][base % 3] === agency ? (base + 1) % Math.min(n, 999_999) : base;
  const r = i % 20;
  const known = companies[(other * 7919) % companies.length];
  const name = r === 2 || r === 3 ? known.replace(/ (LLP|ТОО|LLC|ООО|JSC|MMC|HJ)$/, ' Limited Liability Partnership') : fresh[i % fresh.length];
  return {
    id: randomUUID(),
    agency,
    version: 1,
    status: 'open',
    content: {
      kind: 'seizure',
      unit: `${agency}-BENCH`,
      occurredAt: at,
      commodity: { category: 'drugs', description: 'bench', hsCode: '293911' },
      containers: [r < 2 ? benchContainer(other) : benchContainer(i % 1_000_000, 'FRSU')],
      parties: [{ role: 'shipper', name, isPerson: false }],
      ...(r === 4 ? { vessel: { imo: benchImo(other % 50_000) } } : {}),
      handlingCode: 'H1',
    },
    distribution: { level: 'regional', recipients: [] },
    raisedAt: at,
    raisedBy: { actor: 'bench' },
    updatedAt: at,
    feedbackDueAt: at,
    expiresAt: '2099-01-01T00:00:00.000Z',
    discoverable: i % 4 === 0,
  };
}

/** One alert in ten names a company on the watch list (as written on the list, or its Cyrillic spelling). */
function withListed(a: AlertState, i: number, listed: ReadonlyArray<{ names: ReadonlyArray<{ alias: string }> }>): AlertState {
  if (!listed.length || i % 10 !== 5) return a;
  const entry = listed[(i * 31) % listed.length];
  const name = entry.names[i % 20 === 5 ? 0 : 1].alias;
  return { ...a, content: { ...a.content, parties: [...(a.content.parties ?? []), { role: 'consignee', name, isPerson: false }] } };
}

/** Signed, chained AlertRaised events of one agency, as its node would publish them. */
function signedRaises(agency: string, key: { keyId: string; privateKey: KeyObject }, states: AlertState[]): WireEvent[] {
  let prevHash = GENESIS_HASH;
  return states.map((s, k) => {
    const e = signEvent(
      {
        agency,
        position: k + 1,
        eventId: randomUUID(),
        streamId: `alert-${s.id}`,
        streamVersion: 1,
        type: 'AlertRaised',
        schemaVersion: 1,
        payload: {
          alertId: s.id,
          agency,
          content: s.content,
          distribution: s.distribution,
          feedbackDueAt: s.feedbackDueAt,
          expiresAt: s.expiresAt,
          discoverable: s.discoverable,
        },
        metadata: { actor: 'bench', agency, correlationId: 'bench' },
        occurredAt: s.raisedAt,
        recordedAt: s.raisedAt,
        prevHash,
      },
      key,
    );
    prevHash = e.hash;
    return e;
  });
}

/**
 * The scale test: `n` alerts (default 1,000,000) bulk-loaded into a hub database with their
 * correlation index, then (1) the time to correlate one new alert in its projection transaction
 * (index lookups, scoring, matches, hits, the hub's signed log), p50/p95 over `probes` new alerts,
 * plus the screening hook's time where one is given; (2) the projection's throughput with
 * correlation on and off, batches of the two interleaved on the same database in the same run.
 */
export async function benchCorrelation(
  databaseUrl: string,
  n: number,
  log: (...a: unknown[]) => void,
  o: { probes?: number; projected?: number; screen?: ScreenOne | false } = {},
): Promise<Record<string, number>> {
  const db = new DataSource({ type: 'postgres', url: databaseUrl, migrations: HUB_MIGRATIONS, extra: { max: 4 } });
  await db.initialize();
  try {
    await db.runMigrations();
    const companies = companyNames(Math.max(1000, Math.round(n / 5)));
    // Names nobody in the load holds (another seed), one per new alert.
    const fresh = companyNames(30_000, 97);
    const loadStarted = process.hrtime.bigint();
    await loadAlerts(db, n, companies, log);
    const loadSeconds = Number(process.hrtime.bigint() - loadStarted) / 1e9;
    const hubLog = new EventStore(db, 'HUB', { keyId: 'bench-hub', privateKey: generateKeyPairSync('ed25519').privateKey });
    const correlation: CorrelationOptions = {
      enabled: true,
      maxFanout: 25,
      record: async (qr, facts) => {
        await hubLog.appendInTransaction(
          qr,
          facts.map((f) => ({
            streamId: f.streamId,
            expectedVersion: 0,
            events: [{ type: f.type, payload: f.payload, metadata: { actor: 'hub', agency: 'HUB', correlationId: f.streamId } }],
          })),
        );
      },
    };

    // The figure is correlate AND screen: a watch list of the screening bench's size is held,
    // and one new alert in ten names a listed company (the projection below screens against it too).
    const listed = o.screen === false ? [] : (await storeBenchList(db, SCREENING_BENCH.entries)).filter((e) => e.kind === 'entity');
    const screen: ScreenOne | undefined =
      o.screen === false ? undefined : (o.screen ?? ((qr, a) => screenArrivals(qr, 'public', [{ before: null, after: a }])));
    const probes = o.probes ?? 300;
    log(`correlation bench: correlating${screen ? ' and screening' : ''} ${probes} new alerts one by one …`);
    const correlateMs: number[] = [];
    const screenMs: number[] = [];
    const bothMs: number[] = [];
    let matches = 0;
    const qr = db.createQueryRunner();
    await qr.connect();
    try {
      for (let i = 0; i < probes; i++) {
        const alert = withListed(newAlert(i, 'TM', n, companies, fresh), i, listed);
        await qr.startTransaction();
        const t0 = process.hrtime.bigint();
        matches += (await correlate(qr, 'public', [{ before: null, after: alert }], 'live', correlation)).filter((x) => x.event === 'match').length;
        const t1 = process.hrtime.bigint();
        correlateMs.push(Number(t1 - t0) / 1e6);
        if (screen) {
          await screen(qr, alert);
          screenMs.push(Number(process.hrtime.bigint() - t1) / 1e6);
          bothMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
        }
        await qr.commitTransaction();
      }
    } finally {
      await qr.release();
    }

    const projected = o.projected ?? 2000;
    log(`correlation bench: projecting ${projected} events with correlation on and ${projected} off, interleaved …`);
    const keys = {
      AZ: { keyId: 'bench-az', privateKey: generateKeyPairSync('ed25519').privateKey },
      KZ: { keyId: 'bench-kz', privateKey: generateKeyPairSync('ed25519').privateKey },
    };
    const trust = new TrustStore();
    for (const [a, k] of Object.entries(keys)) trust.add(a, k.keyId, k.privateKey.export({ type: 'pkcs8', format: 'pem' }));
    const off = signedRaises(
      'AZ',
      keys.AZ,
      Array.from({ length: projected }, (_, i) => newAlert(10_000 + i, 'AZ', n, companies, fresh)),
    );
    const on = signedRaises(
      'KZ',
      keys.KZ,
      Array.from({ length: projected }, (_, i) => newAlert(20_000 + i, 'KZ', n, companies, fresh)),
    );
    const seconds = { on: 0, off: 0 };
    const batch = 100;
    for (let b = 0; b < projected; b += batch)
      for (const side of b % (2 * batch) ? (['on', 'off'] as const) : (['off', 'on'] as const)) {
        const events = (side === 'on' ? on : off).slice(b, b + batch);
        const t = process.hrtime.bigint();
        const r = await db.transaction((tx) =>
          projectBatch(tx.queryRunner!, side === 'on' ? 'KZ' : 'AZ', events, {
            schema: 'public',
            trust,
            mode: 'live',
            ...(side === 'on' ? { correlation } : {}),
          }),
        );
        seconds[side] += Number(process.hrtime.bigint() - t) / 1e9;
        if (r.outcomes.some((x) => x.kind !== 'applied'))
          throw new Error(`bench batch not applied: ${JSON.stringify(r.outcomes.find((x) => x.kind !== 'applied'))}`);
      }
    const [{ found }] = await db.query<Array<{ found: number }>>(`SELECT count(*)::int AS found FROM hub_matches`);
    return {
      correlation_alerts: n,
      correlation_load_seconds: loadSeconds,
      correlate_one_p50_ms: percentile(correlateMs, 0.5),
      correlate_one_p95_ms: percentile(correlateMs, 0.95),
      ...(screenMs.length
        ? {
            screen_one_p50_ms: percentile(screenMs, 0.5),
            screen_one_p95_ms: percentile(screenMs, 0.95),
            correlate_and_screen_one_p50_ms: percentile(bothMs, 0.5),
            correlate_and_screen_one_p95_ms: percentile(bothMs, 0.95),
          }
        : {}),
      correlate_matches_per_new_alert: matches / probes,
      correlation_matches_recorded: found,
      projection_correlation_off_per_s: projected / seconds.off,
      projection_correlation_on_per_s: projected / seconds.on,
    };
  } finally {
    await db.destroy();
  }
}
