import { FeedbackEventType, ValidationFailed, type AlertState, type CommandActor, type FeedbackGiven, type FeedbackGivenV1 } from '@cix/contracts';
import { assertOfficerOf } from '../../alerts/domain/officer.guard.js';
import type { GiveFeedbackRequestDto } from '../give-feedback/give-feedback.request.dto.js';

/** Feedback on another agency's alert, as the hub showed that alert to the caller. */
export interface GiveFeedback {
  readonly type: 'GiveFeedback';
  readonly feedbackId: string;
  readonly alert: { readonly agency: string; readonly id: string };
  readonly request: GiveFeedbackRequestDto;
  readonly actor: CommandActor;
}

export interface FeedbackDecisionContext {
  /** This node's agency. */
  readonly agency: string;
  /** The alert of this node that `request.seizureReportId` names (null: none; not read when no id is given). */
  readonly seizureReport: AlertState | null;
}

/**
 * Feedback is this agency's fact about another agency's alert: it never changes that alert, so
 * its rules are about the giver (an own officer, an own seizure report) and whose alert it is.
 */
export function decideFeedback(command: GiveFeedback, ctx: FeedbackDecisionContext): [FeedbackGiven] {
  const { request, actor, alert } = command;
  assertOfficerOf(actor, ctx.agency);
  if (alert.agency === ctx.agency)
    throw new ValidationFailed([{ field: 'alertId', rule: 'notOwnAlert', message: 'feedback is given on alerts received from other agencies' }]);
  if (request.seizureReportId && ctx.seizureReport?.content.kind !== 'seizure') {
    throw new ValidationFailed([{ field: 'seizureReportId', rule: 'seizureReport', message: `must be one of ${ctx.agency}'s seizure reports` }]);
  }
  const payload: FeedbackGivenV1 = {
    feedbackId: command.feedbackId,
    alert: { agency: alert.agency, alertId: alert.id },
    agency: ctx.agency,
    unit: actor.unit,
    outcome: request.outcome,
    seizureReportId: request.seizureReportId,
    reason: request.reason,
    notes: request.notes,
    inspectedAt: request.inspectedAt,
  };
  // Absent fields are left out of the signed payload, not stored as undefined.
  return [{ type: FeedbackEventType.Given, payload: JSON.parse(JSON.stringify(payload)) as FeedbackGivenV1 }];
}
