import type { QueryRunner } from 'typeorm';
import { canSeeAlert, type SharingFacts } from '@cix/access-control';
import {
  AlertEventType,
  alertStateShapeProblem,
  alertStreamId,
  applyAlertEvent,
  FeedbackEventType,
  feedbackStreamId,
  type AlertDistributionChangedV1,
  type FeedbackAmendedV1,
  type AlertRaisedV1,
  type AlertState,
  type FeedbackGivenV1,
  type SignedEvent,
} from '@cix/contracts';
import { storableText } from './quarantine.js';

// An alert at the hub is (owner, alertId). The stream's agency, the signing key's agency and the
// event's `agency` are bound together before projection (stream check and trust store); these
// rules bind the alert named by the event to that same agency. Live projection and rebuild both
// call them, so a refused event is refused the same way in both.

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Alert ids are UUIDs (the read model's key): anything else must be refused, not fail the transaction. */
export const isUuid = (v: unknown): v is string => typeof v === 'string' && UUID.test(v);

/** The alert id an alert event is about, or null when its stream is not an alert stream. */
export function alertIdOf(e: SignedEvent): string | null {
  const id = e.streamId.replace(/^alert-/, '');
  return alertStreamId(id) === e.streamId && isUuid(id) ? id : null;
}

/**
 * Why an alert event must not be applied, or null. `owner` is the agency the hub already knows as
 * the alert's owner (undefined for an alert it has not seen).
 */
export function alertEventRefusal(e: SignedEvent, owner: string | undefined): string | null {
  const id = alertIdOf(e);
  if (!id) return `stream ${e.streamId} is not an alert stream; event of ${e.agency} refused`;
  const p = (e.payload ?? {}) as Partial<AlertRaisedV1 & AlertDistributionChangedV1>;
  if (p.alertId !== id) return `event of ${e.agency} on stream ${e.streamId} names alert ${String(p.alertId)}; refused`;
  if (e.type === AlertEventType.Raised && p.agency !== e.agency) return `AlertRaised of ${e.agency} names agency ${String(p.agency)} for alert ${id}; refused`;
  if (e.type === AlertEventType.DistributionChanged && p.snapshot != null) {
    const s = p.snapshot as { id?: unknown; agency?: unknown };
    if (s.id !== id || s.agency !== e.agency) return `snapshot in ${e.type} of ${e.agency} is of alert ${String(s.id)} of ${String(s.agency)}; refused`;
  }
  if (owner !== undefined && owner !== e.agency) return `alert ${id} belongs to ${owner}; event of ${e.agency} refused`;
  if (owner !== undefined && e.type === AlertEventType.Raised) return `alert ${id} already raised by ${owner}; repeated AlertRaised refused`;
  return null;
}

/**
 * Folds an alert event the owner binding accepted. A signed event can still carry content of the
 * wrong shape (a compromised or buggy node): when the fold throws or yields a state the hub's
 * readers cannot use, the event is refused like any other, instead of stalling the agency's stream.
 */
export function foldAlertForHub(current: AlertState | null, e: SignedEvent): { state: AlertState | null } | { refusal: string } {
  let state: AlertState | null;
  try {
    state = applyAlertEvent(current, e);
  } catch (err) {
    return { refusal: `${e.type} of ${e.agency} cannot be folded (${(err as Error).message}); refused` };
  }
  const problem = state && alertStateShapeProblem(state);
  return problem ? { refusal: `${e.type} of ${e.agency} leaves alert ${state!.id} malformed: ${problem}; refused` } : { state };
}

/**
 * Why a feedback event must not be applied, or null. Feedback attaches to another agency's alert
 * and never changes it; `alert` is the alert as the hub knows it when the feedback is applied
 * (undefined if unknown yet): its owner must be the one named, and the giving agency's officers
 * must be allowed to see it (an honest node asks the hub first; a compromised one would not).
 */
export function feedbackRefusal(e: SignedEvent, alert: SharingFacts | undefined): string | null {
  const p = (e.payload ?? {}) as Partial<FeedbackGivenV1>;
  const named = (p.alert ?? {}) as Partial<FeedbackGivenV1['alert']>;
  if (p.agency !== e.agency) return `feedback of ${e.agency} states agency ${String(p.agency)}; refused`;
  if (typeof named.agency !== 'string' || !isUuid(named.alertId) || e.streamId !== feedbackStreamId(named.agency, named.alertId)) {
    return `feedback of ${e.agency} on stream ${e.streamId} names alert ${String(named.alertId)} of ${String(named.agency)}; refused`;
  }
  // An amendment states its version: the feedback stream's own (the first answer is version 1).
  if (e.type === FeedbackEventType.Amended && ((p as Partial<FeedbackAmendedV1>).version !== e.streamVersion || e.streamVersion < 2))
    return `FeedbackAmended of ${e.agency} states version ${String((p as Partial<FeedbackAmendedV1>).version)} at stream version ${e.streamVersion}; refused`;
  if (alert !== undefined && alert.agency !== named.agency)
    return `alert ${named.alertId} belongs to ${alert.agency}; feedback of ${e.agency} names ${named.agency}; refused`;
  if (alert !== undefined && !canSeeAlert({ sub: 'feedback', agency: e.agency, role: 'officer' }, alert)) {
    return `alert ${named.alertId} of ${alert.agency} is not shared with ${e.agency}; feedback of ${e.agency} refused`;
  }
  return null;
}

/** The sharing facts of a folded alert, for the feedback rule. */
export const factsOf = (s: AlertState): SharingFacts => ({ agency: s.agency, level: s.distribution.level, recipients: s.distribution.recipients });

/** One step of `foldAlertHistory`: the state after `e`, or the same state when the projector would refuse `e`. */
export function foldAlertStep(state: AlertState | null, e: SignedEvent): AlertState | null {
  if (alertEventRefusal(e, state?.agency)) return state;
  const folded = foldAlertForHub(state, e);
  return 'refusal' in folded || !folded.state || folded.state.agency !== e.agency ? state : folded.state;
}

/**
 * Folds an alert's history (its owner's applied events, in log order) with the projector's rules:
 * an event the binding or the shape guard refuses is skipped, exactly as live projection skips it.
 */
export function foldAlertHistory(events: readonly SignedEvent[]): AlertState | null {
  return events.reduce<AlertState | null>(foldAlertStep, null);
}

export interface Refusal {
  readonly agency: string;
  readonly position: number;
  readonly reason: string;
  readonly raw: unknown;
}

/**
 * Records refusals in the hub's quarantine (its own facts: never part of a rebuild's swap). A
 * rebuild meets the same refusals again; the same (agency, position, reason) is recorded once.
 * `projection`: the live hub's decisions, which later rebuilds repeat; `rebuild`: a refusal a
 * rebuild made without a live decision to follow, for auditors to see but never repeated as one.
 */
export async function quarantineRefusals(qr: QueryRunner, refusals: readonly Refusal[], subject: 'projection' | 'rebuild' = 'projection'): Promise<void> {
  for (const r of refusals) {
    await qr.query(
      `INSERT INTO public.hub_quarantine (agency, subject, stream_sequence, reason, raw)
       SELECT $1, $5, $2, $3, $4 WHERE NOT EXISTS (
         SELECT 1 FROM public.hub_quarantine WHERE agency = $1 AND subject = $5 AND stream_sequence = $2 AND reason = $3)`,
      [r.agency, r.position, storableText(r.reason), storableText(JSON.stringify(r.raw)), subject],
    );
  }
}

/**
 * Marks refused events in the event log (the same (agency, position) may be refused once): history,
 * timeline, time travel and replay read only what the hub applied. Returns the refusals, one per event.
 */
export async function markRefusals(qr: QueryRunner, schema: string, refusals: readonly Refusal[]): Promise<Refusal[]> {
  const once = new Map<string, Refusal>();
  for (const r of refusals) if (!once.has(`${r.agency}/${r.position}`)) once.set(`${r.agency}/${r.position}`, r);
  const rows = [...once.values()];
  if (rows.length) {
    await qr.query(
      `UPDATE ${schema}.hub_event_log l SET refusal = t.reason FROM jsonb_to_recordset($1::jsonb) AS t(agency text, position bigint, reason text)
        WHERE l.agency = t.agency AND l.position = t.position AND l.refusal IS NULL`,
      [JSON.stringify(rows.map((r) => ({ agency: r.agency, position: r.position, reason: storableText(r.reason) })))],
    );
  }
  return rows;
}

/** A live hub's decision on one position: the reason it refused the event, or null when it applied it. */
export type LiveDecision = string | null;

/**
 * What the live hub decided on an agency's positions, for a rebuild to repeat, so it reaches the
 * model the live hub built whatever order it reads the agencies in. Applied: the live event log
 * holds the same event (same hash) unrefused; that wins over a quarantine row, which may be a
 * refusal an earlier rebuild made (or, before subject 'rebuild' existed, wrote as 'projection').
 * Refused: the quarantine's projection refusal (the hub's own fact, kept across rebuilds). A
 * position with neither has no live decision left (the hub's database lost): order of reading.
 */
export async function liveDecisions(
  qr: QueryRunner,
  agency: string,
  events: ReadonlyArray<{ position: number; hash: string }>,
): Promise<Map<number, LiveDecision>> {
  if (!events.length) return new Map();
  const refused = (await qr.query(
    `SELECT DISTINCT ON (stream_sequence) stream_sequence AS position, reason FROM public.hub_quarantine
      WHERE agency = $1 AND subject = 'projection' AND stream_sequence = ANY($2::bigint[]) ORDER BY stream_sequence, id`,
    [agency, events.map((e) => e.position)],
  )) as Array<{ position: string; reason: string }>;
  const applied = (await qr.query(
    `SELECT t.position FROM jsonb_to_recordset($2::jsonb) AS t(position bigint, hash text)
       JOIN public.hub_event_log l ON l.agency = $1 AND l.position = t.position AND l.event->>'hash' = t.hash WHERE l.refusal IS NULL`,
    [agency, JSON.stringify(events.map((e) => ({ position: e.position, hash: e.hash })))],
  )) as Array<{ position: string }>;
  const decided = new Map<number, LiveDecision>(refused.map((r) => [Number(r.position), r.reason]));
  for (const r of applied) decided.set(Number(r.position), null);
  return decided;
}

const LIVE_APPLIED = `AND NOT EXISTS (SELECT 1 FROM public.hub_event_log p
    WHERE p.agency = l.agency AND p.position = l.position AND p.refusal IS NULL AND p.event->>'hash' = l.event->>'hash')`;

/**
 * Feedback that arrived before the alert it names (streams are consumed independently, and a
 * rebuild reads one agency after another) is checked once the alert is known: feedback naming
 * another owner, or from an agency the alert is not shared with, is removed again and every
 * feedback event of that agency on that alert is refused, so live and rebuilt models agree.
 */
export async function dropMisattributedFeedback(
  qr: QueryRunner,
  schema: string,
  alerts: ReadonlyArray<SharingFacts & { id: string }>,
  mode: 'live' | 'rebuild' = 'live',
): Promise<Refusal[]> {
  if (!alerts.length) return [];
  const byId = new Map(alerts.map((a) => [a.id, a]));
  const held = (await qr.query(`SELECT alert_id, agency, alert_agency FROM ${schema}.hub_feedback WHERE alert_id = ANY($1::uuid[])`, [
    [...byId.keys()],
  ])) as Array<{ alert_id: string; agency: string; alert_agency: string }>;
  const refused: Refusal[] = [];
  for (const f of held) {
    const alert = byId.get(f.alert_id)!;
    const reason =
      alert.agency !== f.alert_agency
        ? `alert ${f.alert_id} belongs to ${alert.agency}; feedback of ${f.agency} names ${f.alert_agency}; refused`
        : !canSeeAlert({ sub: 'feedback', agency: f.agency, role: 'officer' }, alert)
          ? `alert ${f.alert_id} of ${alert.agency} is not shared with ${f.agency}; feedback of ${f.agency} refused`
          : null;
    if (!reason) continue;
    // A rebuild leaves alone what the live hub applied (see liveDecisions): only feedback without a live decision is judged here.
    const events = (await qr.query(
      `SELECT position, event FROM ${schema}.hub_event_log l WHERE agency = $1 AND type IN ('FeedbackGiven', 'FeedbackAmended') AND refusal IS NULL
          AND event->'payload'->'alert'->>'alertId' = $2 ${mode === 'rebuild' ? LIVE_APPLIED : ''} ORDER BY position`,
      [f.agency, f.alert_id],
    )) as Array<{ position: string; event: unknown }>;
    if (!events.length) continue;
    await qr.query(`DELETE FROM ${schema}.hub_feedback WHERE alert_id = $1 AND agency = $2`, [f.alert_id, f.agency]);
    for (const e of events) refused.push({ agency: f.agency, position: Number(e.position), reason, raw: e.event });
  }
  return refused;
}
