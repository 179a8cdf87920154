import { DomainError, ErrorCode } from '@cix/contracts';

/** A second answer without `expectedVersion`: the caller must amend the one it gave (409). */
export class FeedbackAlreadyGiven extends DomainError {
  constructor(currentVersion: number, feedbackId: string) {
    super(ErrorCode.FeedbackAlreadyGiven, `feedback on this alert was already given (version ${currentVersion}); amend it with expectedVersion`, {
      currentVersion,
      feedbackId,
    });
  }
}

/** An amendment on a stale version: the caller looks again first, nothing is merged (409). */
export class FeedbackVersionConflict extends DomainError {
  constructor(expectedVersion: number, currentVersion: number) {
    super(ErrorCode.FeedbackVersionConflict, `the feedback is at version ${currentVersion}, not ${expectedVersion}`, { currentVersion });
  }
}
