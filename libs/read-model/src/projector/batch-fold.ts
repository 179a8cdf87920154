import type { QueryRunner } from 'typeorm';
import type { SharingFacts } from '@cix/access-control';
import { AlertEventType, isFeedbackEventType, isInformationRequestEventType, type AlertState, type FeedbackGivenV1, type SignedEvent } from '@cix/contracts';
import { upsertAlerts, upsertFeedback } from '../write/read-model.writer.js';
import {
  alertEventRefusal,
  alertIdOf,
  dropMisattributedFeedback,
  factsOf,
  feedbackRefusal,
  foldAlertForHub,
  isUuid,
  type LiveDecision,
  type Refusal,
} from '../write/owner-binding.js';
import { projectInformationRequests } from '../write/information-requests.js';
import { applyErasure, erasureRefusal, isErasure } from '../write/personal-data-erasure.js';
import type { AlertChange } from './batch-projector.js';
import type { FeedNotice } from './feed-notice.js';

const ALERT_TYPES = new Set<string>(Object.values(AlertEventType));

/**
 * A decision a rebuild had to make by its order of reading, with no decision of the live hub to
 * follow: the same alert id raised by two agencies (the later claim refused), or feedback refused
 * because the alert, as folded by then, was not shared with its agency (`about: 'feedback'`).
 */
export interface Contested {
  readonly alertId: string;
  readonly owner: string;
  readonly claimant: string;
  readonly position: number;
  readonly about?: 'feedback';
}

export interface Folded {
  /** Events refused by the owner binding, to quarantine; the chain has advanced over them regardless. */
  readonly refused: Refusal[];
  /** Each changed alert, from its state before the batch to its state after it (trend deltas). */
  readonly alerts: Array<{ before: AlertState | null; after: AlertState }>;
  readonly changes: AlertChange[];
  readonly contested: Contested[];
  /** Requests for information and answers projected (issue 13), for the live feed. */
  readonly notices: FeedNotice[];
}

const feedbackAlertId = (e: SignedEvent) => (e.payload as Partial<FeedbackGivenV1>)?.alert?.alertId;

/**
 * Folds alert, erasure and feedback events in log order with the owner binding and writes the
 * result: an event the live hub refused (`decided`, repeated by a rebuild) is refused again;
 * feedback the live hub applied is applied again; any other event is checked against the alert
 * known at that point (from earlier batches or earlier in this one). Unknown types are refused
 * with the chain advancing.
 *
 * Why a rebuild repeats the live hub's feedback decisions instead of judging feedback "as of its
 * time": whether an alert was shared with an agency when it gave feedback depends on the order of
 * two agencies' streams, which only the live hub saw (its arrival order). The streams carry no
 * trustworthy common clock (recordedAt is each node's own, skewed and signed by the node that
 * benefits), so a rebuild cannot recover that order soundly; it repeats the decision instead, as
 * it already did for refusals, and falls back to its order of reading only when the decision is
 * gone, reporting each such feedback refusal as contested.
 */
export async function foldBatch(
  qr: QueryRunner,
  schema: string,
  events: readonly SignedEvent[],
  decided: ReadonlyMap<number, LiveDecision>,
  mode: 'live' | 'rebuild',
): Promise<Folded> {
  const ids = new Set<string>();
  for (const e of events) {
    const id = ALERT_TYPES.has(e.type) || isErasure(e) ? alertIdOf(e) : isFeedbackEventType(e.type) ? feedbackAlertId(e) : null;
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
  const requests: SignedEvent[] = [];
  const changed = new Set<string>();
  const appliedTo = new Map<string, SignedEvent[]>();
  const refuse = (e: SignedEvent, reason: string) => refused.push({ agency: e.agency, position: e.position, reason, raw: e });
  for (const e of events) {
    const live = decided.get(e.position);
    if (typeof live === 'string') refuse(e, live);
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
          appliedTo.set(id!, [...(appliedTo.get(id!) ?? []), e]);
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
          appliedTo.set(id!, [...(appliedTo.get(id!) ?? []), e]);
        }
      }
    } else if (isFeedbackEventType(e.type)) {
      const id = feedbackAlertId(e);
      const alert = isUuid(id) && live === undefined ? states.get(id) : undefined;
      const reason = feedbackRefusal(e, alert ? factsOf(alert) : undefined);
      // Refused only because the alert, as folded by now, is not shared with the agency: an order-of-reading decision.
      if (reason && alert && mode === 'rebuild' && alert.agency === (e.payload as FeedbackGivenV1).alert.agency && !feedbackRefusal(e, undefined))
        contested.push({ alertId: id!, owner: alert.agency, claimant: e.agency, position: e.position, about: 'feedback' });
      if (reason) refuse(e, reason);
      else feedback.push(e);
    } else if (isInformationRequestEventType(e.type)) requests.push(e);
    else refuse(e, `event type ${e.type} unknown to this hub; chain continues`);
  }
  // In log order (a Set keeps the order of first change): new alerts take the hub's seq in it.
  const folded = [...changed].map((id) => ({ before: before.get(id) ?? null, after: states.get(id)! }));
  const written = await upsertAlerts(
    qr,
    schema,
    folded.map((a) => a.after),
  );
  const alerts = folded.filter((a) => written.has(a.after.id.toLowerCase()));
  const lost = alerts.length < folded.length ? await refuseLost(qr, schema, folded, written, appliedTo) : { refused: [], owners: [] };
  refused.push(...lost.refused);
  await upsertFeedback(qr, schema, feedback);
  // Feedback this batch attached to an alert it lost is checked against the owner that won.
  const created = [...alerts.filter((a) => !a.before).map((a) => ({ id: a.after.id, ...factsOf(a.after) })), ...lost.owners];
  const dropped = await dropMisattributedFeedback(qr, schema, created, mode);
  refused.push(...dropped);
  if (mode === 'rebuild') contested.push(...dropped.map((r) => contestedFeedback(r, created)).filter((c): c is Contested => c !== null));
  const gone = new Set(dropped.map((r) => `${r.agency}/${r.position}`));
  const kept = feedback.filter((e) => !gone.has(`${e.agency}/${e.position}`));
  const asked = await projectInformationRequests(qr, schema, requests, decided);
  refused.push(...asked.refused);
  return { refused, alerts, changes: changesOf(alerts, kept), contested, notices: asked.notices };
}

/**
 * A new alert id another agency's batch raised concurrently and committed first (the upsert does
 * not touch another owner's row): every event this batch applied to it is refused, as the owner
 * binding refuses a raise of an id already taken, so the event log, quarantine and trend cells
 * agree with the alert table (and with a rebuild, which repeats the refusal).
 */
async function refuseLost(
  qr: QueryRunner,
  schema: string,
  folded: Folded['alerts'],
  written: ReadonlySet<string>,
  appliedTo: ReadonlyMap<string, SignedEvent[]>,
): Promise<{ refused: Refusal[]; owners: Array<SharingFacts & { id: string }> }> {
  const lost = folded.filter((a) => !written.has(a.after.id.toLowerCase())).map((a) => a.after.id);
  const rows = (await qr.query(`SELECT id, state FROM ${schema}.hub_alerts WHERE id = ANY($1::uuid[])`, [lost])) as Array<{ id: string; state: AlertState }>;
  const won = new Map(rows.map((r) => [r.id.toLowerCase(), r.state]));
  const refused = lost.flatMap((id) =>
    (appliedTo.get(id) ?? []).map((e) => ({
      agency: e.agency,
      position: e.position,
      reason:
        alertEventRefusal(e, won.get(id.toLowerCase())?.agency) ?? `alert ${id} was raised concurrently by another agency; ${e.type} of ${e.agency} refused`,
      raw: e,
    })),
  );
  return { refused, owners: rows.map((r) => ({ id: r.id, ...factsOf(r.state) })) };
}

/** A dropped feedback is contested when its alert was only not shared with the agency (not when it named another owner). */
const contestedFeedback = (r: Refusal, alerts: ReadonlyArray<{ id: string; agency: string }>): Contested | null => {
  const named = (r.raw as { payload?: Partial<FeedbackGivenV1> }).payload?.alert;
  const alert = alerts.find((a) => a.id === named?.alertId);
  return alert && alert.agency === named?.agency
    ? { alertId: alert.id, owner: alert.agency, claimant: r.agency, position: r.position, about: 'feedback' }
    : null;
};

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
