import type { QueryRunner } from 'typeorm';
import { AlertEventType, FeedbackEventType, type AlertState, type FeedbackGivenV1, type SignedEvent } from '@cix/contracts';
import { upsertAlerts, upsertFeedback } from '../write/read-model.writer.js';
import {
  alertEventRefusal,
  alertIdOf,
  dropMisattributedFeedback,
  factsOf,
  feedbackRefusal,
  foldAlertForHub,
  isUuid,
  type Refusal,
} from '../write/owner-binding.js';
import { applyErasure, erasureRefusal, isErasure } from '../write/personal-data-erasure.js';
import type { AlertChange } from './batch-projector.js';

const ALERT_TYPES = new Set<string>(Object.values(AlertEventType));

/** The same alert id raised by two agencies with no decision of the live hub to follow: the later claim (in reading order) was refused. */
export interface Contested {
  readonly alertId: string;
  readonly owner: string;
  readonly claimant: string;
  readonly position: number;
}

export interface Folded {
  /** Events refused by the owner binding, to quarantine; the chain has advanced over them regardless. */
  readonly refused: Refusal[];
  /** Each changed alert, from its state before the batch to its state after it (trend deltas). */
  readonly alerts: Array<{ before: AlertState | null; after: AlertState }>;
  readonly changes: AlertChange[];
  readonly contested: Contested[];
}

const feedbackAlertId = (e: SignedEvent) => (e.payload as Partial<FeedbackGivenV1>)?.alert?.alertId;

/**
 * Folds alert, erasure and feedback events in log order with the owner binding and writes the
 * result: an event in `decided` (the live hub's refusal, repeated by a rebuild) is refused again;
 * any other is checked against the alert known at that point (from earlier batches or earlier in
 * this one). Unknown types are refused with the chain advancing.
 */
export async function foldBatch(qr: QueryRunner, schema: string, events: readonly SignedEvent[], decided: ReadonlyMap<number, string>): Promise<Folded> {
  const ids = new Set<string>();
  for (const e of events) {
    const id = ALERT_TYPES.has(e.type) || isErasure(e) ? alertIdOf(e) : e.type === FeedbackEventType.Given ? feedbackAlertId(e) : null;
    if (isUuid(id)) ids.add(id);
  }
  const rows = ids.size
    ? ((await qr.query(`SELECT id, state FROM ${schema}.hub_alerts WHERE id = ANY($1::uuid[])`, [[...ids]])) as Array<{ id: string; state: AlertState }>)
    : [];
  const before = new Map(rows.map((r): [string, AlertState] => [r.id, r.state]));
  const states = new Map(before);
  const refused: Refusal[] = [];
  const contested: Contested[] = [];
  const feedback: SignedEvent[] = [];
  const changed = new Set<string>();
  const refuse = (e: SignedEvent, reason: string) => refused.push({ agency: e.agency, position: e.position, reason, raw: e });
  for (const e of events) {
    const live = decided.get(e.position);
    if (live !== undefined) refuse(e, live);
    else if (ALERT_TYPES.has(e.type)) {
      const id = alertIdOf(e);
      const current = id ? states.get(id) : undefined;
      const reason = alertEventRefusal(e, current?.agency);
      // Two agencies raised the same id and the live hub's decision is gone (its database lost):
      // the order of reading decides, which an operator must hear about.
      if (reason && current && current.agency !== e.agency && e.type === AlertEventType.Raised)
        contested.push({ alertId: id!, owner: current.agency, claimant: e.agency, position: e.position });
      if (reason) refuse(e, reason);
      else {
        const folded = foldAlertForHub(current ?? null, e);
        if ('refusal' in folded) refuse(e, folded.refusal);
        else if (folded.state && folded.state.agency === e.agency) {
          states.set(id!, folded.state);
          changed.add(id!);
        }
      }
    } else if (isErasure(e)) {
      // The owner's own erasure strips its log rows (this batch's are written already) and re-folds the alert.
      const id = alertIdOf(e);
      const reason = erasureRefusal(e, id ? states.get(id)?.agency : undefined);
      if (reason) refuse(e, reason);
      else {
        const state = await applyErasure(qr, schema, e);
        if (state && states.has(id!)) {
          states.set(id!, state);
          changed.add(id!);
        }
      }
    } else if (e.type === FeedbackEventType.Given) {
      const id = feedbackAlertId(e);
      const alert = isUuid(id) ? states.get(id) : undefined;
      const reason = feedbackRefusal(e, alert ? factsOf(alert) : undefined);
      if (reason) refuse(e, reason);
      else feedback.push(e);
    } else refuse(e, `event type ${e.type} unknown to this hub; chain continues`);
  }
  const alerts = [...changed].map((id) => ({ before: before.get(id) ?? null, after: states.get(id)! }));
  await upsertAlerts(
    qr,
    schema,
    alerts.map((a) => a.after),
  );
  await upsertFeedback(qr, schema, feedback);
  const created = alerts.filter((a) => !a.before).map((a) => ({ id: a.after.id, ...factsOf(a.after) }));
  refused.push(...(await dropMisattributedFeedback(qr, schema, created)));
  return { refused, alerts, changes: changesOf(alerts, feedback), contested };
}

/** One change per changed alert, and one per (alert, agency) that gave feedback on it. */
function changesOf(alerts: Folded['alerts'], feedback: readonly SignedEvent[]): AlertChange[] {
  const changes: AlertChange[] = alerts.map(({ before, after }) => ({
    alertId: after.id,
    agency: after.agency,
    before: before ? factsOf(before) : undefined,
  }));
  const given = new Map<string, AlertChange>();
  for (const e of feedback) {
    const p = e.payload as FeedbackGivenV1;
    given.set(`${p.alert.alertId}/${e.agency}`, { alertId: p.alert.alertId, agency: p.alert.agency, feedbackFrom: e.agency });
  }
  return [...changes, ...given.values()];
}
