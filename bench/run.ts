// `npm run bench`: event-store, relay and baselines, measured in one run on one PostgreSQL and one
// nats-server (both started here on loopback). Figures are printed as ratios against baselines of
// the same run, because the machine is noisy. `--json` prints one JSON object on the last line.
import 'reflect-metadata';
import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { Logger } from '@nestjs/common';
import { natsInboxPrefix } from '@cix/contracts';
import { EVENT_STORE_MIGRATIONS, EventStore, OutboxRelay, signHash, type NewEvent } from '@cix/event-store';
import { NatsConnectionManager } from '@cix/messaging';
import { benchRebuild } from './rebuild-bench.js';
import { benchTrends } from './trends-bench.js';
import { benchCopy } from './copy-bench.js';
import { benchLiveProjection } from './live-bench.js';
import { benchEndToEnd } from './end-to-end-bench.js';
import { benchCorrelation, correlationQuality } from './correlation-bench.js';
import { benchScreening, SCREENING_BENCH } from './screening-bench.js';
import type { BenchKeys } from './platform-env.js';

const json = process.argv.includes('--json');
const scale = Number(process.argv.find((a) => a.startsWith('--scale='))?.slice(8) ?? 1);
const SINGLE = Math.round(4000 * scale);
const BATCHED = Math.round(20_000 * scale);
const WRITERS = 16;
const TREND_SEIZURES = Number(process.argv.find((a) => a.startsWith('--trend-seizures='))?.slice(17) ?? 1_000_000);
const REBUILD_EVENTS = Number(
  process.argv.find((a) => a.startsWith('--rebuild-events='))?.slice(17) ?? (process.argv.includes('--full') ? 1_000_000 : 100_000),
);
const BATCH = 100;
const COPY_ROWS = Math.round(40_000 * scale);
// `--full`: the issue's sizes (1,000,000 events rebuilt, 500 alerts/s for 60 s); minutes, not for CI.
const full = process.argv.includes('--full');
const option = (name: string, fallback: number) => Number(process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback);
/** Issue 13: alerts in the hub database the correlation bench correlates against (`--correlation-alerts=`, 0: skip). */
const CORRELATION_ALERTS = option('correlation-alerts', 1_000_000);
const LIVE_PER_AGENCY = option('live-events', Math.round((full ? 20_000 : 2_000) * scale));
const E2E_RATE = option('e2e-rate', full ? 500 : 50);
const E2E_SECONDS = option('e2e-seconds', full ? 60 : 10);
const log = (...a: unknown[]) => {
  if (!json) console.log(...a);
};

const infra = (f: string) => import(new URL(`../../tools/infra/${f}`, import.meta.url).href);

const payload = (i: number) => ({
  alertId: randomUUID(),
  agency: 'KZ',
  distribution: { level: 'regional', recipients: [] },
  content: {
    kind: 'seizure',
    unit: 'KZ-AKTAU',
    occurredAt: '2026-11-20T08:00:00Z',
    commodity: { category: 'drugs', description: `heroin in a false floor #${i}`, hsCode: '293911' },
    quantity: { value: 12.5, unit: 'kg' },
    containers: ['CSQU3054383'],
    route: { departure: 'AF', transit: ['TM'], destination: 'AZ' },
    parties: [],
    handlingCode: 'H1',
  },
});
const meta = { actor: 'bench', agency: 'KZ', unit: 'KZ-AKTAU', role: 'officer', correlationId: randomUUID() };
const event = (i: number): NewEvent => ({ type: 'AlertRaised', payload: payload(i), metadata: meta });

async function timed(fn: () => Promise<unknown>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

async function inParallel(total: number, writers: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  await Promise.all(
    Array.from({ length: writers }, async () => {
      for (let i = next++; i < total; i = next++) await task(i);
    }),
  );
}

const eventTable = (
  name: string,
) => `CREATE TABLE ${name} (global_position bigserial PRIMARY KEY, stream_id text NOT NULL, stream_version int NOT NULL, event_id uuid NOT NULL UNIQUE,
  type text NOT NULL, schema_version int NOT NULL, payload jsonb NOT NULL, metadata jsonb NOT NULL, occurred_at timestamptz NOT NULL, recorded_at timestamptz NOT NULL,
  prev_hash char(64) NOT NULL, hash char(64) NOT NULL, signature text NOT NULL, key_id text NOT NULL, confidential boolean NOT NULL DEFAULT false,
  UNIQUE (stream_id, stream_version)); CREATE INDEX ${name}_type_idx ON ${name} (type, global_position)`; // the same table and indexes as the store's
const rawRow = (i: number) => [
  `raw-${i}`,
  1,
  randomUUID(),
  'AlertRaised',
  1,
  JSON.stringify(payload(i)),
  JSON.stringify(meta),
  new Date().toISOString(),
  new Date().toISOString(),
  '0'.repeat(64),
  'f'.repeat(64),
  'sig'.repeat(30),
  'k1',
];

async function main() {
  Logger.overrideLogger(false);
  const { startPostgres, ensureDatabases } = await infra('postgres.mjs');
  const { startNats } = await infra('nats.mjs');
  const { freePort } = await infra('ports.mjs');
  const { ensureDevKeys } = await infra('keys.mjs');
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cix-bench-'));
  chmodSync(tmp, 0o755);
  log(`starting PostgreSQL (durable settings) and nats-server in ${tmp} …`);
  const pgServer = await startPostgres({ dataDir: path.join(tmp, 'pg'), port: await freePort() });
  const nats = await startNats({ dir: path.join(tmp, 'nats'), port: await freePort(), agencies: ['KZ'] });
  const rebuildNats = await startNats({ dir: path.join(tmp, 'nats-rebuild'), port: await freePort(), agencies: ['KZ'] });
  const { provisionStreams } = await infra('streams.mjs');
  for (const n of [nats, rebuildNats]) await provisionStreams({ url: n.url, password: n.users.operator.password, agencies: ['KZ'] });
  // Printed as they come (without --json): a long run that fails late still leaves its figures.
  const results = new Proxy<Record<string, number>>(
    {},
    {
      set(target, key: string, value: number) {
        target[key] = value;
        log(`  ${key} = ${value < 100 ? value.toFixed(2) : Math.round(value)}`);
        return true;
      },
    },
  );
  results.machine_load_1m_at_start = os.loadavg()[0];
  try {
    await ensureDatabases(pgServer.adminUrl, ['bench_raw', 'bench_store', 'bench_emmett', 'bench_hub', 'bench_trends', 'bench_correlation']);
    const rawPool = new pg.Pool({ connectionString: pgServer.url('bench_raw'), max: WRITERS });
    await rawPool.query(eventTable('raw_events'));
    const insert1 =
      'INSERT INTO raw_events (stream_id, stream_version, event_id, type, schema_version, payload, metadata, occurred_at, recorded_at, prev_hash, hash, signature, key_id) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13)';

    log(`raw INSERT, one row per transaction, ${WRITERS} writers, ${SINGLE} rows …`);
    results.raw_insert_single_per_s = SINGLE / (await timed(() => inParallel(SINGLE, WRITERS, (i) => rawPool.query(insert1, rawRow(i)))));

    log(`raw INSERT, ${BATCH} rows per transaction, ${BATCHED} rows …`);
    results.raw_insert_batched_per_s =
      BATCHED /
      (await timed(async () => {
        for (let b = 0; b < BATCHED / BATCH; b++) {
          const rows = Array.from({ length: BATCH }, (_, j) => rawRow(SINGLE + b * BATCH + j));
          const values = rows.map((_, r) => `(${Array.from({ length: 13 }, (_, c) => `$${r * 13 + c + 1}`).join(',')})`).join(',');
          await rawPool.query(
            `INSERT INTO raw_events (stream_id, stream_version, event_id, type, schema_version, payload, metadata, occurred_at, recorded_at, prev_hash, hash, signature, key_id) VALUES ${values}`,
            rows.flat(),
          );
        }
      }));
    Object.assign(results, await benchCopy(rawPool, eventTable, COPY_ROWS, rawRow, log));
    await rawPool.end();

    // The floor under every signed append: one Ed25519 signature per event, on this machine, now.
    const signer = { keyId: 'bench', privateKey: generateKeyPairSync('ed25519').privateKey };
    results.ed25519_sign_per_s = 4000 / (await timed(async () => Array.from({ length: 4000 }, (_, i) => signHash(i.toString(16).padStart(64, '0'), signer))));

    const db = new DataSource({ type: 'postgres', url: pgServer.url('bench_store'), migrations: EVENT_STORE_MIGRATIONS, extra: { max: 20 } });
    await db.initialize();
    await db.runMigrations();
    const store = new EventStore(db, 'KZ', { keyId: 'bench', privateKey: generateKeyPairSync('ed25519').privateKey });

    log(`event store, single-event appends, ${WRITERS} writers, ${SINGLE} appends …`);
    results.store_single_per_s =
      SINGLE / (await timed(() => inParallel(SINGLE, WRITERS, (i) => store.append({ streamId: `s-${i}`, expectedVersion: 0, events: [event(i)] }))));

    log(`event store, ${BATCH} events per append, ${BATCHED} events …`);
    results.store_batched_per_s =
      BATCHED /
      (await timed(async () => {
        for (let b = 0; b < BATCHED / BATCH; b++)
          await store.append({ streamId: `b-${b}`, expectedVersion: 0, events: Array.from({ length: BATCH }, (_, j) => event(b * BATCH + j)) });
      }));

    const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
    const emmett = getPostgreSQLEventStore(pgServer.url('bench_emmett'));
    await emmett.schema.migrate();
    log(`Emmett (@event-driven-io/emmett-postgresql), single-event appends, ${WRITERS} writers …`);
    results.emmett_single_per_s =
      SINGLE /
      (await timed(() => inParallel(SINGLE, WRITERS, (i) => emmett.appendToStream(`s-${i}`, [{ type: 'AlertRaised', data: payload(i), metadata: meta }]))));
    log(`Emmett, ${BATCH} events per append …`);
    results.emmett_batched_per_s =
      BATCHED /
      (await timed(async () => {
        for (let b = 0; b < BATCHED / BATCH; b++)
          await emmett.appendToStream(
            `b-${b}`,
            Array.from({ length: BATCH }, (_, j) => ({ type: 'AlertRaised', data: payload(b * BATCH + j), metadata: meta })),
          );
      }));
    await emmett.close();

    // Raw JetStream: the same number of messages of the same size, async publish with message ids.
    const total = await store.tailPosition();
    const sample = JSON.stringify((await store.readAll(0, 1))[0]);
    const nc = await connect({ servers: nats.url, user: nats.users.KZ.user, pass: nats.users.KZ.password, inboxPrefix: natsInboxPrefix(nats.users.KZ.user) });
    const js = jetstream(nc);
    log(`raw JetStream async publish, ${total} messages …`);
    results.raw_jetstream_publish_per_s =
      total /
      (await timed(async () => {
        for (let start = 0; start < total; start += 500) {
          await Promise.all(Array.from({ length: Math.min(500, total - start) }, () => js.publish('ccp.events.KZ.RawBench', sample, { msgID: randomUUID() })));
        }
      }));
    await nc.close();

    log(`relay: publish all ${total} stored events …`);
    const manager = new NatsConnectionManager({ url: nats.url, user: nats.users.KZ.user, password: nats.users.KZ.password, name: 'bench-relay' });
    manager.start();
    await manager.whenConnected();
    const relay = new OutboxRelay(db, store, manager);
    results.relay_publish_per_s =
      total /
      (await timed(async () => {
        relay.start();
        while ((await relay.getStatus()).lag > 0) await new Promise((r) => setTimeout(r, 20));
      }));
    await relay.stop();
    await manager.stop();
    await store.close();
    await db.destroy();

    // Issue 13: correlating one new alert with a million present, and the projection with correlation on vs off.
    if (CORRELATION_ALERTS > 0) Object.assign(results, await benchCorrelation(pgServer.url('bench_correlation'), CORRELATION_ALERTS, log));
    // The rebuild reads the KZ stream from its start: give it a stream of its own size.
    Object.assign(results, await benchTrends(pgServer.url('bench_trends'), TREND_SEIZURES, log));
    await ensureDatabases(pgServer.adminUrl, ['bench_screening']);
    Object.assign(results, await benchScreening(pgServer.url('bench_screening'), SCREENING_BENCH, log));
    Object.assign(
      results,
      await benchRebuild({ natsUrl: rebuildNats.url, users: rebuildNats.users, hubDatabaseUrl: pgServer.url('bench_hub'), log }, REBUILD_EVENTS),
    );
    await rebuildNats.stop();

    // The built hub and nodes as separate processes, each bench on a nats-server of its own
    // (fresh streams: the live bench's preloaded chains would collide with the nodes' own).
    const keys = ensureDevKeys(path.join(tmp, 'keys')) as BenchKeys;
    const agencies = Object.keys(keys.nodes);
    const platformNats = async (dir: string) => {
      const n = await startNats({ dir: path.join(tmp, dir), port: await freePort(), agencies });
      await provisionStreams({ url: n.url, password: n.users.operator.password, agencies });
      return n;
    };
    await ensureDatabases(pgServer.adminUrl, ['bench_live_hub', 'bench_e2e_hub', ...agencies.map((a) => `bench_e2e_${a.toLowerCase()}`)]);
    const liveNats = await platformNats('nats-live');
    try {
      Object.assign(
        results,
        await benchLiveProjection({ nats: liveNats, keys, databaseUrl: pgServer.url('bench_live_hub'), port: await freePort(), log }, LIVE_PER_AGENCY),
      );
    } finally {
      await liveNats.stop();
    }
    const e2eNats = await platformNats('nats-e2e');
    try {
      Object.assign(
        results,
        await benchEndToEnd(
          { nats: e2eNats, keys, databaseUrl: (who) => pgServer.url(`bench_e2e_${who.toLowerCase()}`), port: () => freePort(), log },
          E2E_RATE,
          E2E_SECONDS,
        ),
      );
    } finally {
      await e2eNats.stop();
    }
  } finally {
    await rebuildNats.stop().catch(() => undefined);
    await nats.stop();
    await pgServer.stop();
    rmSync(tmp, { recursive: true, force: true });
  }

  results.machine_load_1m_at_end = os.loadavg()[0];
  // Issue 13's party-name matching, on the labelled pairs (no servers needed).
  const quality = correlationQuality();
  results.party_match_precision = quality.precision;
  results.party_match_recall = quality.recall;
  results.party_match_blocking_recall = quality.blockingRecall;
  /** Every figure with its baseline from this run, the ratio, and the issue's target. */
  const vs = (value: string, baseline: string, target: number) => ({ value, baseline, target, ratio: results[value] / results[baseline] });
  const ratios = {
    store_single_vs_raw_single: vs('store_single_per_s', 'raw_insert_single_per_s', 1),
    store_batched_vs_raw_batched: vs('store_batched_per_s', 'raw_insert_batched_per_s', 0.8),
    relay_vs_raw_jetstream: vs('relay_publish_per_s', 'raw_jetstream_publish_per_s', 0.7),
    store_single_vs_emmett_single: vs('store_single_per_s', 'emmett_single_per_s', 1),
    store_batched_vs_emmett_batched: vs('store_batched_per_s', 'emmett_batched_per_s', 1),
    live_projection_vs_copy: vs('live_projection_per_s', 'raw_copy_per_s', 0.5),
    rebuild_vs_copy: vs('rebuild_per_s', 'raw_copy_per_s', 0.5),
    rebuild_vs_raw_consume: vs('rebuild_per_s', 'raw_jetstream_consume_per_s', 0.5),
    ...(CORRELATION_ALERTS > 0 ? { projection_correlation_on_vs_off: vs('projection_correlation_on_per_s', 'projection_correlation_off_per_s', 0.8) } : {}),
    store_batched_vs_copy: vs('store_batched_per_s', 'raw_copy_per_s', 0),
    relay_vs_copy: vs('relay_publish_per_s', 'raw_copy_per_s', 0),
  };
  results.rebuild_1m_seconds_extrapolated = 1_000_000 / results.rebuild_per_s;
  /** Absolute targets: [figure, limit, unit]; met when below the limit. */
  const limits: Array<[string, number, string]> = [
    ['rebuild_1m_seconds_extrapolated', 120, 's'],
    ['rebuild_peak_rss_mb', 300, 'MB'],
    ['e2e_p99_ms', 100, 'ms'],
    ['trend_query_p95_ms', 50, 'ms'],
    ...(CORRELATION_ALERTS > 0
      ? ([
          ['correlate_one_p95_ms', 20, 'ms'],
          ['correlate_and_screen_one_p95_ms', 20, 'ms'],
        ] as Array<[string, number, string]>)
      : []),
    ['screening_one_alert_p95_ms', 20, 'ms'],
  ];
  const absolute = Object.fromEntries(limits.map(([k, limit]) => [`${k}_under_${limit}`, results[k] < limit ? 1 : 0]));
  if (json) {
    console.log(
      JSON.stringify({
        ...Object.fromEntries(Object.entries(results).map(([k, v]) => [k, v < 100 ? Number(v.toFixed(2)) : Math.round(v)])),
        ...Object.fromEntries(Object.entries(ratios).map(([k, v]) => [k, Number(v.ratio.toFixed(3))])),
        ...absolute,
      }),
    );
    return;
  }
  const fmt = (v: number) => (v < 100 ? v.toFixed(1) : Math.round(v).toLocaleString('en'));
  console.log('\n| measurement | value (events/s unless named) |\n| --- | ---: |');
  for (const [k, v] of Object.entries(results)) console.log(`| ${k} | ${fmt(v)} |`);
  console.log('\n| ratio | value | baseline | ratio | target | met |\n| --- | ---: | ---: | ---: | ---: | --- |');
  for (const [k, r] of Object.entries(ratios))
    console.log(
      `| ${k} | ${fmt(results[r.value])} | ${fmt(results[r.baseline])} | ${r.ratio.toFixed(2)}× | ${r.target ? `≥ ${r.target}×` : '(COPY limit)'} | ${r.target ? (r.ratio >= r.target ? 'yes' : 'no') : ''} |`,
    );
  for (const [k, limit, unit] of limits) console.log(`| ${k} | ${fmt(results[k])} ${unit} | | | < ${limit} ${unit} | ${results[k] < limit ? 'yes' : 'no'} |`);
  console.log(`| e2e baseline: the nodes' own POST answer p50 / p99 | ${fmt(results.e2e_post_p50_ms)} / ${fmt(results.e2e_post_p99_ms)} ms | | | | |`);
}

main().catch((e) => {
  console.error(e);
  // The servers and connections it started would keep the process alive: a failed run must end.
  process.exit(1);
});
