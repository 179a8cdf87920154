import type { QueryRunner } from 'typeorm';
import {
  AlertEventType,
  FeedbackEventType,
  GENESIS_HASH,
  isSealed,
  type AlertState,
  type FeedbackGivenV1,
  type SignedEvent,
  type WireEvent,
} from '@cix/contracts';
import { checkSegment, type TrustStore } from '@cix/event-store';
import { SHADOW } from './rebuild-schema.js';
import { upsertAlerts, upsertFeedback, writeEventLog } from '../projection/read-model.writer.js';
import {
  alertEventRefusal,
  alertIdOf,
  dropMisattributedFeedback,
  factsOf,
  feedbackRefusal,
  foldAlertForHub,
  isUuid,
  liveRefusals,
  markRefusals,
  quarantineRefusals,
  type Refusal,
} from '../projection/owner-binding.js';
import { applyErasure, erasureRefusal, isErasure } from '../projection/personal-data-erasure.js';

const ALERT_TYPES = new Set<string>(Object.values(AlertEventType));

export interface BatchResult {
  applied: number;
  duplicates: number;
  refused: Array<{ position?: number; reason: string }>;
  /** Alerts raised by two agencies with no decision of the live hub to follow: the later claim (in rebuild order) was refused. */
  contested: Array<{ alertId: string; owner: string; claimant: string; position: number }>;
}

/**
 * The rebuild's projector: the same verification and the same fold as the live hub, but a whole
 * batch of one agency's events per transaction, folded in memory and written with a handful of
 * set-based statements. Writes to the shadow schema only.
 */
export async function applyBatch(qr: QueryRunner, agency: string, messages: unknown[], trust: TrustStore): Promise<BatchResult> {
  const result: BatchResult = { applied: 0, duplicates: 0, refused: [], contested: [] };
  const [cp] = (await qr.query(`SELECT position, hash FROM ${SHADOW}.hub_checkpoints WHERE agency = $1`, [agency])) as Array<
    { position: string; hash: string } | undefined
  >;
  let previous = { position: cp ? Number(cp.position) : 0, hash: (cp?.hash as string) ?? GENESIS_HASH };
  let pending: WireEvent[] = [];
  for (const m of messages) {
    const e = m as WireEvent;
    if (!e || typeof e !== 'object' || e.agency !== agency || !Number.isSafeInteger(e.position) || typeof e.hash !== 'string')
      result.refused.push({ reason: 'malformed or foreign event' });
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
  const live = await liveRefusals(
    qr,
    agency,
    full.map((e) => e.position),
  );
  const ownerRefusals = await markRefusals(qr, SHADOW, await foldInOrder(qr, full, live, result.contested));
  await quarantineRefusals(qr, ownerRefusals);
  result.refused.push(...ownerRefusals.map((r) => ({ position: r.position, reason: r.reason })));
  await qr.query(
    `INSERT INTO ${SHADOW}.hub_checkpoints (agency, position, hash) VALUES ($1, $2, $3) ON CONFLICT (agency) DO UPDATE SET position = $2, hash = $3, updated_at = now()`,
    [agency, previous.position, previous.hash],
  );
  result.applied = accepted.length;
  return result;
}

/**
 * Alert and feedback events in log order, with the live projector's owner binding: an event the
 * live hub refused (`live`, its quarantine) is refused again; any other is checked against the
 * alert known at that point (from earlier batches or earlier in this one). Returns what was
 * refused, to quarantine; the chain has advanced over them regardless.
 */
async function foldInOrder(qr: QueryRunner, events: SignedEvent[], live: ReadonlyMap<number, string>, contested: BatchResult['contested']): Promise<Refusal[]> {
  const ids = new Set<string>();
  for (const e of events) {
    const id =
      ALERT_TYPES.has(e.type) || isErasure(e)
        ? alertIdOf(e)
        : e.type === FeedbackEventType.Given
          ? (e.payload as Partial<FeedbackGivenV1>)?.alert?.alertId
          : null;
    if (isUuid(id)) ids.add(id);
  }
  const states = new Map<string, AlertState>(
    ids.size
      ? ((await qr.query(`SELECT id, state FROM ${SHADOW}.hub_alerts WHERE id = ANY($1::uuid[])`, [[...ids]])) as Array<{ id: string; state: AlertState }>).map(
          (r): [string, AlertState] => [r.id, r.state],
        )
      : [],
  );
  const existing = new Set(states.keys());
  const refused: Refusal[] = [];
  const feedback: SignedEvent[] = [];
  const changed = new Set<string>();
  for (const e of events) {
    const decided = live.get(e.position);
    if (decided !== undefined) refused.push({ agency: e.agency, position: e.position, reason: decided, raw: e });
    else if (ALERT_TYPES.has(e.type)) {
      const id = alertIdOf(e);
      const current = id ? states.get(id) : undefined;
      const reason = alertEventRefusal(e, current?.agency);
      // Two agencies raised the same id and the live hub's decision is gone (its database lost):
      // the order of reading decides, which an operator must hear about.
      if (reason && current && current.agency !== e.agency && e.type === AlertEventType.Raised)
        contested.push({ alertId: id!, owner: current.agency, claimant: e.agency, position: e.position });
      if (reason) refused.push({ agency: e.agency, position: e.position, reason, raw: e });
      else {
        const folded = foldAlertForHub(current ?? null, e);
        if ('refusal' in folded) refused.push({ agency: e.agency, position: e.position, reason: folded.refusal, raw: e });
        else if (folded.state && folded.state.agency === e.agency) {
          states.set(id!, folded.state);
          changed.add(id!);
        }
      }
    } else if (isErasure(e)) {
      // Same rule as live: the owner's own erasure strips its log rows and re-folds the alert.
      const id = alertIdOf(e);
      const reason = erasureRefusal(e, id ? states.get(id)?.agency : undefined);
      if (reason) refused.push({ agency: e.agency, position: e.position, reason, raw: e });
      else {
        const state = await applyErasure(qr, SHADOW, e);
        if (state && states.has(id!)) {
          states.set(id!, state);
          changed.add(id!);
        }
      }
    } else if (e.type === FeedbackEventType.Given) {
      const id = (e.payload as Partial<FeedbackGivenV1>)?.alert?.alertId;
      const alert = isUuid(id) ? states.get(id) : undefined;
      const reason = feedbackRefusal(e, alert ? factsOf(alert) : undefined);
      if (reason) refused.push({ agency: e.agency, position: e.position, reason, raw: e });
      else feedback.push(e);
    } else refused.push({ agency: e.agency, position: e.position, reason: `event type ${e.type} unknown to this hub; chain continues`, raw: e });
  }
  await upsertAlerts(
    qr,
    SHADOW,
    [...changed].map((id) => states.get(id)!),
  );
  await upsertFeedback(qr, SHADOW, feedback);
  const created = [...changed].filter((id) => !existing.has(id)).map((id) => ({ id, ...factsOf(states.get(id)!) }));
  refused.push(...(await dropMisattributedFeedback(qr, SHADOW, created)));
  return refused;
}
