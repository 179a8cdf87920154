import type { QueryRunner } from 'typeorm';
import {
  AlertEventType, alertStreamId, feedbackStreamId, type AlertDistributionChangedV1, type AlertRaisedV1, type FeedbackGivenV1, type SignedEvent,
} from '@cix/contracts';

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
 * Why a feedback event must not be applied, or null. Feedback attaches to another agency's alert
 * and never changes it; `owner` is the alert's owner as the hub knows it (undefined if unknown).
 */
export function feedbackRefusal(e: SignedEvent, owner: string | undefined): string | null {
  const p = (e.payload ?? {}) as Partial<FeedbackGivenV1>;
  const alert = (p.alert ?? {}) as Partial<FeedbackGivenV1['alert']>;
  if (p.agency !== e.agency) return `feedback of ${e.agency} states agency ${String(p.agency)}; refused`;
  if (typeof alert.agency !== 'string' || !isUuid(alert.alertId) || e.streamId !== feedbackStreamId(alert.agency, alert.alertId)) {
    return `feedback of ${e.agency} on stream ${e.streamId} names alert ${String(alert.alertId)} of ${String(alert.agency)}; refused`;
  }
  if (owner !== undefined && owner !== alert.agency) return `alert ${alert.alertId} belongs to ${owner}; feedback of ${e.agency} names ${alert.agency}; refused`;
  return null;
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
 */
export async function quarantineRefusals(qr: QueryRunner, refusals: readonly Refusal[]): Promise<void> {
  for (const r of refusals) {
    await qr.query(
      `INSERT INTO public.hub_quarantine (agency, subject, stream_sequence, reason, raw)
       SELECT $1, 'projection', $2, $3, $4 WHERE NOT EXISTS (
         SELECT 1 FROM public.hub_quarantine WHERE agency = $1 AND subject = 'projection' AND stream_sequence = $2 AND reason = $3)`,
      [r.agency, r.position, r.reason, JSON.stringify(r.raw)],
    );
  }
}

/**
 * Feedback that arrived before the alert it names (streams are consumed independently, and a
 * rebuild reads one agency after another) is checked once the owner is known: feedback naming
 * another owner is removed again and quarantined, so live and rebuilt models agree.
 */
export async function dropMisattributedFeedback(qr: QueryRunner, schema: string, alerts: ReadonlyArray<{ id: string; agency: string }>): Promise<Refusal[]> {
  if (!alerts.length) return [];
  const rows = (await qr.query(
    `WITH owners AS (SELECT * FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, agency text)),
          gone AS (DELETE FROM ${schema}.hub_feedback f USING owners o WHERE f.alert_id = o.id AND f.alert_agency <> o.agency
                   RETURNING f.alert_id, f.agency, f.alert_agency, f.feedback_id, o.agency AS owner)
     SELECT g.alert_id, g.agency, g.alert_agency, g.owner, l.position, l.event FROM gone g
       LEFT JOIN LATERAL (SELECT position, event FROM ${schema}.hub_event_log l WHERE l.agency = g.agency AND l.type = 'FeedbackGiven'
                            AND l.event->'payload'->>'feedbackId' = g.feedback_id::text ORDER BY position DESC LIMIT 1) l ON true`,
    [JSON.stringify(alerts.map((a) => ({ id: a.id, agency: a.agency })))],
  )) as Array<{ alert_id: string; agency: string; alert_agency: string; owner: string; position: string | null; event: unknown }>;
  return rows.map((r) => ({
    agency: r.agency, position: Number(r.position ?? 0), raw: r.event,
    reason: `alert ${r.alert_id} belongs to ${r.owner}; feedback of ${r.agency} names ${r.alert_agency}; refused`,
  }));
}
