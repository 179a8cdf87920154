import { FeedbackEventType, ValidationFailed, type AlertState, type CommandActor, type FeedbackEvent, type FeedbackGivenV1 } from '@cix/contracts';
import { canonicalJson } from '@cix/event-store';
import { assertOfficerOf } from '../../alerts/domain/officer.guard.js';
import type { GiveFeedbackRequestDto } from '../give-feedback/give-feedback.request.dto.js';
import { FeedbackAlreadyGiven, FeedbackVersionConflict } from './feedback.errors.js';

/** Feedback on another agency's alert, as the hub showed that alert to the caller. */
export interface GiveFeedback {
  readonly type: 'GiveFeedback';
  /** The id a first answer gets; an amendment keeps the first answer's. */
  readonly feedbackId: string;
  readonly alert: { readonly agency: string; readonly id: string };
  readonly request: GiveFeedbackRequestDto;
  readonly actor: CommandActor;
}

/** This agency's feedback on one alert as its stream leaves it: the version is the stream's (the first answer is 1). */
export interface FeedbackState {
  readonly feedbackId: string;
  readonly version: number;
  readonly current: FeedbackGivenV1;
}

export interface FeedbackDecisionContext {
  /** This node's agency. */
  readonly agency: string;
  /** The alert of this node that `request.seizureReportId` names (null: none; not read when no id is given). */
  readonly seizureReport: AlertState | null;
  /** The feedback already given on this alert (null: none yet). */
  readonly given?: FeedbackState | null;
}

/** Folds a feedback stream (`feedback-<owner>-<alertId>`) of this node. */
export function foldFeedback(events: ReadonlyArray<{ readonly payload: unknown; readonly streamVersion: number }>): FeedbackState | null {
  const last = events.at(-1);
  if (!last) return null;
  const current = last.payload as FeedbackGivenV1;
  return { feedbackId: current.feedbackId, version: last.streamVersion, current };
}

/**
 * Feedback is this agency's fact about another agency's alert: it never changes that alert, so
 * its rules are about the giver (an own officer, an own seizure report) and whose alert it is. It
 * is versioned: the first answer is given once; a later one amends it on the version the caller
 * saw (`expectedVersion`), and both stay in the history.
 */
export function decideFeedback(command: GiveFeedback, ctx: FeedbackDecisionContext): [FeedbackEvent] {
  const { request, actor, alert } = command;
  assertOfficerOf(actor, ctx.agency);
  if (alert.agency === ctx.agency)
    throw new ValidationFailed([{ field: 'alertId', rule: 'notOwnAlert', message: 'feedback is given on alerts received from other agencies' }]);
  const given = ctx.given ?? null;
  if (request.expectedVersion === undefined && given) throw new FeedbackAlreadyGiven(given.version, given.feedbackId);
  if (request.expectedVersion !== undefined && request.expectedVersion !== given?.version)
    throw new FeedbackVersionConflict(request.expectedVersion, given?.version ?? 0);
  if (request.seizureReportId && ctx.seizureReport?.content.kind !== 'seizure') {
    throw new ValidationFailed([{ field: 'seizureReportId', rule: 'seizureReport', message: `must be one of ${ctx.agency}'s seizure reports` }]);
  }
  // Absent fields are left out of the signed payload, not stored as undefined.
  const payload = JSON.parse(
    JSON.stringify({
      feedbackId: given?.feedbackId ?? command.feedbackId,
      alert: { agency: alert.agency, alertId: alert.id },
      agency: ctx.agency,
      unit: actor.unit,
      outcome: request.outcome,
      seizureReportId: request.seizureReportId,
      reason: request.reason,
      notes: request.notes,
      inspectedAt: request.inspectedAt,
    }),
  ) as FeedbackGivenV1;
  if (!given) return [{ type: FeedbackEventType.Given, payload }];
  // Who states it (the unit) is not what it says: an amendment must change what it says.
  const { unit: _u, version: _v, ...before } = given.current as FeedbackGivenV1 & { version?: number };
  const { unit: _w, ...after } = payload;
  if (canonicalJson(before) === canonicalJson(after))
    throw new ValidationFailed([{ field: 'outcome', rule: 'noChange', message: 'the amendment does not change the feedback' }]);
  return [{ type: FeedbackEventType.Amended, payload: { ...payload, version: given.version + 1 } }];
}
