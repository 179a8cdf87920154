import type { QueryRunner } from 'typeorm';
import type { SharingFacts } from '@cix/access-control';
import { applyTrendDelta } from '../trends/trend-cells.js';
import { upsertAlerts, upsertFeedback } from './read-model.writer.js';
import { isErasure, projectErasure } from './personal-data-erasure.js';
import { alertEventRefusal, alertIdOf, dropMisattributedFeedback, factsOf, feedbackRefusal, foldAlertForHub, isUuid, type Refusal } from './owner-binding.js';
import { AlertEventType, FeedbackEventType, type AlertState, type FeedbackGivenV1, type SignedEvent } from '@cix/contracts';

const ALERT_TYPES = new Set<string>(Object.values(AlertEventType));

export interface ProjectedChange {
  readonly alertId: string;
  readonly agency: string;
  /** Who could see the alert before this event (absent for a new one). */
  readonly before?: SharingFacts;
}

export interface Projected {
  /** The alert whose view changed, or null. */
  readonly change: ProjectedChange | null;
  /** Events refused by the owner binding, to quarantine: this one, or earlier feedback it exposes. */
  readonly refused: readonly Refusal[];
}

/**
 * Applies one verified event to the read model inside the caller's transaction, with the same
 * fold the nodes use, or `undefined` for a type this hub does not know.
 */
export async function projectEvent(qr: QueryRunner, e: SignedEvent): Promise<Projected | undefined> {
  if (ALERT_TYPES.has(e.type)) return projectAlert(qr, e);
  if (isErasure(e)) return projectErasure(qr, e);
  if (e.type === FeedbackEventType.Given) return projectFeedback(qr, e);
  return undefined;
}

async function projectAlert(qr: QueryRunner, e: SignedEvent): Promise<Projected> {
  const alertId = alertIdOf(e);
  const [row] = (alertId ? await qr.query('SELECT agency, level, recipients, state FROM hub_alerts WHERE id = $1', [alertId]) : []) as Array<
    (SharingFacts & { state: AlertState }) | undefined
  >;
  const refusal = alertEventRefusal(e, row?.agency);
  if (refusal) return { change: null, refused: [{ agency: e.agency, position: e.position, reason: refusal, raw: e }] };
  const folded = foldAlertForHub((row?.state as AlertState) ?? null, e);
  if ('refusal' in folded) return { change: null, refused: [{ agency: e.agency, position: e.position, reason: folded.refusal, raw: e }] };
  const { state } = folded;
  if (!state || state.agency !== e.agency) return { change: null, refused: [] }; // nothing to show yet
  await upsertAlerts(qr, 'public', [state]);
  await applyTrendDelta(qr, (row?.state as AlertState) ?? null, state);
  const refused = row ? [] : await dropMisattributedFeedback(qr, 'public', [{ id: state.id, ...factsOf(state) }]);
  return {
    change: { alertId: state.id, agency: state.agency, before: row ? { agency: row.agency, level: row.level, recipients: row.recipients } : undefined },
    refused,
  };
}

async function projectFeedback(qr: QueryRunner, e: SignedEvent): Promise<Projected> {
  const alertId = (e.payload as Partial<FeedbackGivenV1>)?.alert?.alertId;
  const [row] = (isUuid(alertId) ? await qr.query('SELECT agency, level, recipients FROM hub_alerts WHERE id = $1', [alertId]) : []) as Array<
    SharingFacts | undefined
  >;
  const refusal = feedbackRefusal(e, row ? { agency: row.agency, level: row.level, recipients: row.recipients } : undefined);
  if (refusal) return { change: null, refused: [{ agency: e.agency, position: e.position, reason: refusal, raw: e }] };
  await upsertFeedback(qr, 'public', [e]);
  const p = e.payload as FeedbackGivenV1;
  return { change: { alertId: p.alert.alertId, agency: p.alert.agency }, refused: [] };
}
