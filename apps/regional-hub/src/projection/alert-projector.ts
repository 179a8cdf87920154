import type { QueryRunner } from 'typeorm';
import type { SharingFacts } from '@cix/access-control';
import { applyTrendDelta } from '../trends/trend-cells.js';
import { upsertAlerts, upsertFeedback } from './read-model.writer.js';
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
  await upsertAlerts(qr, 'public', [state]);
  await applyTrendDelta(qr, (row?.state as AlertState) ?? null, state);
  return { alertId: state.id, agency: state.agency, before: row ? { agency: row.agency, level: row.level, recipients: row.recipients } : undefined };
}

async function projectFeedback(qr: QueryRunner, e: SignedEvent) {
  const p = e.payload as FeedbackGivenV1;
  if (p.agency !== e.agency) return null; // an agency states only its own feedback
  await upsertFeedback(qr, 'public', [e]);
  return { alertId: p.alert.alertId, agency: p.alert.agency };
}
