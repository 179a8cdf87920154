import { createInterface } from 'node:readline';
import { Readable } from 'node:stream';
import { DeliverPolicy, jetstream, jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import type { DataSource, QueryRunner } from 'typeorm';
import { streamName } from '@cix/contracts';
import { isCheckpointLine, isExportClaimsLine, type TrustStore } from '@cix/event-store';
import { projectBatch, type BatchResult } from '../projector/batch-projector.js';
import { finishShadow, prepareShadow, readModelChecksum, SHADOW, swapIn } from './rebuild-schema.js';

export interface RebuildOptions {
  readonly db: DataSource;
  readonly nats: NatsConnection;
  readonly agencies: readonly string[];
  readonly trust: TrustStore;
  readonly restart?: boolean;
  readonly batchSize?: number;
  readonly onProgress?: (done: number, total: number) => void;
  /**
   * Where to read an agency's history when its stream no longer starts at the first event (aged
   * out): the node's `GET /api/audit/events?form=wire`, with a token of that agency's auditor.
   */
  readonly nodeLogs?: Readonly<Record<string, { url: string; token: string }>>;
}

export interface RebuildReport {
  readonly resumed: boolean;
  readonly events: number;
  readonly seconds: number;
  readonly refused: Array<{ agency: string; position?: number; reason: string }>;
  /**
   * The same alert id raised by two agencies without a decision of the live hub (its quarantine)
   * to follow: the claim read first was kept, the later one refused; or (`about: 'feedback'`)
   * feedback refused as not shared by then, without a live decision. Needs an operator's look.
   */
  readonly contested: Array<{ alertId: string; owner: string; claimant: string; position: number; about?: 'feedback' }>;
  readonly liveChecksum: string;
  readonly rebuiltChecksum: string;
  readonly swapped: boolean;
  readonly oldSchema?: string;
}

/**
 * Rebuilds the hub's read model from the agencies' JetStream streams (from their first message)
 * into a shadow schema while the live model keeps serving, then swaps it in atomically. Progress
 * per stream is committed with each batch, so a crashed rebuild resumes where it stopped.
 */
export async function rebuildProjections(o: RebuildOptions): Promise<RebuildReport> {
  const started = Date.now();
  const resumed = await prepareShadow(o.db, o.restart ?? false);
  const refused: RebuildReport['refused'] = [];
  const contested: RebuildReport['contested'] = [];
  let events = 0;
  const catchUp = async () => {
    const jsm = await jetstreamManager(o.nats);
    const targets = new Map<string, number>();
    for (const a of o.agencies)
      targets.set(
        a,
        await jsm.streams.info(streamName(a)).then(
          (i) => i.state.last_seq,
          () => 0,
        ),
      );
    const total = [...targets.values()].reduce((x, y) => x + y, 0);
    for (const agency of o.agencies) {
      const target = targets.get(agency)!;
      const [row] = await o.db.query<Array<{ stream_seq: string; source: string } | undefined>>(
        `SELECT stream_seq, source FROM ${SHADOW}.rebuild_progress WHERE agency = $1`,
        [agency],
      );
      let seq = Number(row?.stream_seq ?? 0);
      const firstSeq = await jsm.streams.info(streamName(agency)).then(
        (i) => i.state.first_seq,
        () => 1,
      );
      if (firstSeq > 1 || row?.source === 'node') {
        const node = o.nodeLogs?.[agency];
        if (!node)
          throw new Error(`the ${agency} stream starts at message ${firstSeq} (older messages aged out): give the ${agency} node's log to rebuild from`);
        events += await fromNodeLog(o, agency, node, (r) => {
          refused.push(...refusedIn(r).map((x) => ({ agency, ...x })));
          contested.push(...r.contested);
        });
        continue;
      }
      if (seq >= target) continue;
      const consumer = await jetstream(o.nats).consumers.get(streamName(agency), { deliver_policy: DeliverPolicy.StartSequence, opt_start_seq: seq + 1 });
      while (seq < target) {
        const batch: unknown[] = [];
        let last = seq;
        for await (const m of await consumer.fetch({ max_messages: o.batchSize ?? 1000, expires: 2000 })) {
          try {
            batch.push(m.json());
          } catch {
            refused.push({ agency, reason: 'invalid JSON' });
          }
          last = m.seq;
          if (last >= target) break;
        }
        if (last === seq) break; // nothing more arrived: the stream is shorter than it said
        await o.db.transaction(async (tx) => {
          const qr = tx.queryRunner!;
          // A crash loses at most the last batches, and their progress row with them: resumable, so no need to wait for the WAL flush.
          await qr.query('SET LOCAL synchronous_commit = off');
          const r = await applyBatch(qr, agency, batch, o.trust);
          refused.push(...refusedIn(r).map((x) => ({ agency, ...x })));
          contested.push(...r.contested);
          await qr.query(`INSERT INTO ${SHADOW}.rebuild_progress (agency, stream_seq) VALUES ($1, $2) ON CONFLICT (agency) DO UPDATE SET stream_seq = $2`, [
            agency,
            last,
          ]);
        });
        events += last - seq;
        seq = last;
        o.onProgress?.(events, total);
      }
    }
  };
  await catchUp();
  await finishShadow(o.db);
  const liveChecksum = await readModelChecksum(o.db, 'public');
  const rebuiltChecksum = await readModelChecksum(o.db, SHADOW);
  for (let attempt = 0; attempt < 20; attempt++) {
    const swap = await swapIn(o.db);
    if (swap.swapped)
      return {
        resumed,
        events,
        seconds: (Date.now() - started) / 1000,
        refused,
        contested,
        liveChecksum,
        rebuiltChecksum,
        swapped: true,
        oldSchema: swap.oldSchema,
      };
    await catchUp(); // the live hub moved on meanwhile
  }
  return { resumed, events, seconds: (Date.now() - started) / 1000, refused, contested, liveChecksum, rebuiltChecksum, swapped: false };
}

/** The one batch projector, on the shadow schema, in its rebuild mode. */
const applyBatch = (qr: QueryRunner, agency: string, batch: readonly unknown[], trust: TrustStore) =>
  projectBatch(qr, agency, batch, { schema: SHADOW, trust, mode: 'rebuild' });

/** What a batch refused: messages that never joined the chain, then genuine events the owner binding refused. */
function refusedIn(r: BatchResult): Array<{ position?: number; reason: string }> {
  const never = r.outcomes.flatMap((x) =>
    x.kind === 'refused' ? [x.failure ? { position: x.position, reason: x.failure } : { reason: 'malformed or foreign event' }] : [],
  );
  return [...never, ...r.refusals.map((x) => ({ position: x.position, reason: x.reason }))];
}

/**
 * Rebuilds one agency from its node's log, in the form the events crossed the bus (sealed where
 * national-only), with the same verification; progress is the last position applied.
 */
async function fromNodeLog(o: RebuildOptions, agency: string, node: { url: string; token: string }, onRefused: (r: BatchResult) => void): Promise<number> {
  const [row] = await o.db.query<Array<{ stream_seq: string } | undefined>>(`SELECT stream_seq FROM ${SHADOW}.rebuild_progress WHERE agency = $1`, [agency]);
  const after = Number(row?.stream_seq ?? 0);
  const res = await fetch(`${node.url.replace(/\/$/, '')}/api/audit/events?form=wire&after=${after}`, { headers: { authorization: `Bearer ${node.token}` } });
  if (res.status !== 200 || !res.body) throw new Error(`the ${agency} node's log answered ${res.status}`);
  let applied = 0;
  let batch: Array<{ position: number }> = [];
  const flush = async () => {
    if (!batch.length) return;
    const last = batch[batch.length - 1].position;
    await o.db.transaction(async (tx) => {
      const qr = tx.queryRunner!;
      await qr.query('SET LOCAL synchronous_commit = off');
      onRefused(await applyBatch(qr, agency, batch, o.trust));
      await qr.query(
        `INSERT INTO ${SHADOW}.rebuild_progress (agency, stream_seq, source) VALUES ($1, $2, 'node') ON CONFLICT (agency) DO UPDATE SET stream_seq = $2, source = 'node'`,
        [agency, last],
      );
    });
    applied += batch.length;
    batch = [];
    o.onProgress?.(applied, applied);
  };
  for await (const line of createInterface({ input: Readable.fromWeb(res.body as never), crlfDelay: Infinity })) {
    if (!line.trim() || line.includes('"cix-replay"')) continue;
    const parsed: unknown = JSON.parse(line);
    if (isCheckpointLine(parsed) || isExportClaimsLine(parsed)) continue; // the node's signed head and claims: not events
    batch.push(parsed as { position: number }); // an event as far as the batch is concerned: the projector checks its shape
    if (batch.length >= (o.batchSize ?? 1000)) await flush();
  }
  await flush();
  return applied;
}
