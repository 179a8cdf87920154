import type { QueryRunner } from 'typeorm';
import {
  AlertEventType, applyAlertEvent, FeedbackEventType, GENESIS_HASH, isSealed, type AlertState, type FeedbackGivenV1, type SignedEvent, type WireEvent,
} from '@cix/contracts';
import { checkSegment, type TrustStore } from '@cix/event-store';
import { SHADOW } from './rebuild-schema.js';
import { upsertAlerts, upsertFeedback, writeEventLog } from '../projection/read-model.writer.js';

const ALERT_TYPES = new Set<string>(Object.values(AlertEventType));

export interface BatchResult {
  applied: number;
  duplicates: number;
  refused: Array<{ position?: number; reason: string }>;
}

/**
 * The rebuild's projector: the same verification and the same fold as the live hub, but a whole
 * batch of one agency's events per transaction, folded in memory and written with a handful of
 * set-based statements. Writes to the shadow schema only.
 */
export async function applyBatch(qr: QueryRunner, agency: string, messages: unknown[], trust: TrustStore): Promise<BatchResult> {
  const result: BatchResult = { applied: 0, duplicates: 0, refused: [] };
  const [cp] = await qr.query(`SELECT position, hash FROM ${SHADOW}.hub_checkpoints WHERE agency = $1`, [agency]);
  let previous = { position: cp ? Number(cp.position) : 0, hash: (cp?.hash as string) ?? GENESIS_HASH };
  let pending: WireEvent[] = [];
  for (const m of messages) {
    const e = m as WireEvent;
    if (!e || typeof e !== 'object' || e.agency !== agency || !Number.isSafeInteger(e.position) || typeof e.hash !== 'string') result.refused.push({ reason: 'malformed or foreign event' });
    else pending.push(e);
  }
  const accepted: WireEvent[] = [];
  // One signature check per run of consecutive events (the chain makes the last signature cover
  // the rest). A refused event is dropped and the rest tried again, so a forged event does not
  // take the genuine one at the same position down with it.
  for (;;) {
    const run: WireEvent[] = [];
    const later: WireEvent[] = [];
    for (const e of pending) (e.position > (run.at(-1)?.position ?? previous.position) ? run : later).push(e);
    const { valid, failure } = checkSegment(run, previous, trust);
    accepted.push(...run.slice(0, valid));
    if (valid) previous = { position: run[valid - 1].position, hash: run[valid - 1].hash };
    if (!failure) {
      result.duplicates += later.length;
      break;
    }
    result.refused.push({ position: run[failure.index].position, reason: failure.reason });
    const rest = new Set([...run.slice(failure.index + 1), ...later]);
    pending = pending.filter((e) => rest.has(e));
  }
  if (!accepted.length) return result;
  const full = accepted.filter((e): e is SignedEvent => !isSealed(e));
  await writeEventLog(qr, SHADOW, accepted);
  await foldAlerts(qr, full.filter((e) => ALERT_TYPES.has(e.type)));
  await upsertFeedback(qr, SHADOW, full.filter((e) => e.type === FeedbackEventType.Given && (e.payload as FeedbackGivenV1).agency === e.agency));
  await qr.query(
    `INSERT INTO ${SHADOW}.hub_checkpoints (agency, position, hash) VALUES ($1, $2, $3) ON CONFLICT (agency) DO UPDATE SET position = $2, hash = $3, updated_at = now()`,
    [agency, previous.position, previous.hash],
  );
  result.applied = accepted.length;
  return result;
}

async function foldAlerts(qr: QueryRunner, events: SignedEvent[]): Promise<void> {
  if (!events.length) return;
  const ids = [...new Set(events.map((e) => e.streamId.replace(/^alert-/, '')))];
  const states = new Map<string, AlertState | null>(
    (await qr.query(`SELECT id, state FROM ${SHADOW}.hub_alerts WHERE id = ANY($1::uuid[])`, [ids])).map((r: { id: string; state: AlertState }) => [r.id, r.state]),
  );
  for (const e of events) {
    const id = e.streamId.replace(/^alert-/, '');
    const next = applyAlertEvent(states.get(id) ?? null, e);
    if (next && next.agency === e.agency) states.set(id, next);
  }
  await upsertAlerts(qr, SHADOW, [...states.values()].filter((s): s is AlertState => !!s));
}
