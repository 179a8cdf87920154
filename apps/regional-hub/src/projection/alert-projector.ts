import type { QueryRunner } from 'typeorm';
import type { SharingFacts } from '@cix/access-control';
import { applyTrendDelta } from '../trends/trend-cells.js';
import { AlertEventType, alertStreamId, applyAlertEvent, FeedbackEventType, type AlertState, type FeedbackGivenV1, type SignedEvent } from '@cix/contracts';

const ALERT_TYPES = new Set<string>(Object.values(AlertEventType));

/**
 * Applies one verified event to the read model inside the caller's transaction, with the same
 * fold the nodes use. Returns the alert whose view changed, `null` if none, or `undefined` for a
 * type this hub does not know.
 */
export interface ProjectedChange {
  readonly alertId: string;
  readonly agency: string;
  /** Who could see the alert before this event (absent for a new one). */
  readonly before?: SharingFacts;
}

export async function projectEvent(qr: QueryRunner, e: SignedEvent): Promise<ProjectedChange | null | undefined> {
  if (ALERT_TYPES.has(e.type)) return projectAlert(qr, e);
  if (e.type === FeedbackEventType.Given) return projectFeedback(qr, e);
  return undefined;
}

async function projectAlert(qr: QueryRunner, e: SignedEvent) {
  const alertId = e.streamId.replace(/^alert-/, '');
  if (alertStreamId(alertId) !== e.streamId) return null;
  const [row] = await qr.query('SELECT agency, level, recipients, state FROM hub_alerts WHERE id = $1', [alertId]);
  const state = applyAlertEvent((row?.state as AlertState) ?? null, e);
  if (!state || state.agency !== e.agency) return null; // nothing to show yet, or not the owner's alert
  const c = state.content;
  await qr.query(
    `INSERT INTO hub_alerts (id, agency, kind, unit, status, level, recipients, occurred_at, category, hs_code, containers, expires_at, feedback_due_at, state, version, raised_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
     ON CONFLICT (id) DO UPDATE SET kind = $3, unit = $4, status = $5, level = $6, recipients = $7, occurred_at = $8, category = $9, hs_code = $10,
       containers = $11, expires_at = $12, feedback_due_at = $13, state = $14, version = $15, updated_at = $17`,
    [state.id, state.agency, c.kind, c.unit, state.status, state.distribution.level, state.distribution.recipients, c.occurredAt, c.commodity.category,
     c.commodity.hsCode ?? null, c.containers, state.expiresAt, state.feedbackDueAt, state, state.version, state.raisedAt, state.updatedAt],
  );
  await applyTrendDelta(qr, (row?.state as AlertState) ?? null, state);
  return { alertId: state.id, agency: state.agency, before: row ? { agency: row.agency, level: row.level, recipients: row.recipients } : undefined };
}

async function projectFeedback(qr: QueryRunner, e: SignedEvent) {
  const p = e.payload as FeedbackGivenV1;
  if (p.agency !== e.agency) return null; // an agency states only its own feedback
  await qr.query(
    `INSERT INTO hub_feedback (alert_id, agency, alert_agency, feedback_id, outcome, payload, given_at) VALUES ($1, $2, $3, $4, $5, $6, $7)
     ON CONFLICT (alert_id, agency) DO UPDATE SET feedback_id = $4, outcome = $5, payload = $6, given_at = $7`,
    [p.alert.alertId, p.agency, p.alert.agency, p.feedbackId, p.outcome, p, e.recordedAt],
  );
  return { alertId: p.alert.alertId, agency: p.alert.agency };
}
