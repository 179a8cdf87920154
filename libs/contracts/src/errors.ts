/** Stable error codes: clients and the HTTP filter rely on them, messages may change. */
export const ErrorCode = {
  ValidationFailed: 'REQUEST.VALIDATION_FAILED',
  NotFound: 'RESOURCE.NOT_FOUND',
  StreamVersionConflict: 'STREAM.VERSION_CONFLICT',
  IdempotencyKeyReused: 'REQUEST.IDEMPOTENCY_KEY_REUSED',
  Unauthenticated: 'AUTH.UNAUTHENTICATED',
  Forbidden: 'AUTH.FORBIDDEN',
  AlertInvalidState: 'ALERT.INVALID_STATE',
  HubUnavailable: 'HUB.UNAVAILABLE',
  PayloadTooLarge: 'REQUEST.TOO_LARGE',
  /** The database did not commit (connection lost, restarting): nothing was written; retry. */
  StoreUnavailable: 'STORE.UNAVAILABLE',
  RateLimited: 'REQUEST.RATE_LIMITED',
  /** The hub's access log cannot be written and too many records wait: content is not delivered unrecorded; retry. */
  AccessLogUnavailable: 'ACCESS_LOG.UNAVAILABLE',
  /** A second answer on the same alert without `expectedVersion`: amend it instead (details: currentVersion, feedbackId). */
  FeedbackAlreadyGiven: 'FEEDBACK.ALREADY_GIVEN',
  /** An amendment of feedback on a stale `expectedVersion` (details: currentVersion). */
  FeedbackVersionConflict: 'FEEDBACK.VERSION_CONFLICT',
  /** A second request for information on the same hit (details: requestId). */
  InformationRequestAlreadySent: 'INFORMATION_REQUEST.ALREADY_SENT',
  /** A second answer to the same request for information (details: decision). */
  InformationRequestAlreadyAnswered: 'INFORMATION_REQUEST.ALREADY_ANSWERED',
} as const;
export type ErrorCode = (typeof ErrorCode)[keyof typeof ErrorCode];

export interface FieldError {
  readonly field: string;
  readonly rule: string;
  readonly message: string;
  /** The caller may confirm it: the same request with `acknowledgedWarnings: ["<field without index>.<rule>"]` is stored, with a warning. */
  readonly confirmable?: true;
  /** The rule's values (a line, a limit, a name), so a client can say it in its own language from `rule` and these. */
  readonly params?: Readonly<Record<string, string | number>>;
}

export class DomainError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export class ValidationFailed extends DomainError {
  /** `total`: how many errors there were, when `errors` lists only the first of them. */
  constructor(
    readonly errors: FieldError[],
    readonly total = errors.length,
  ) {
    super(
      ErrorCode.ValidationFailed,
      errors
        .slice(0, 10)
        .map((e) => `${e.field}: ${e.message}`)
        .join('; ') + (total > 10 ? `; and ${total - 10} more` : ''),
    );
  }
}

export class NotFound extends DomainError {
  constructor(what: string) {
    super(ErrorCode.NotFound, `${what} not found`);
  }
}
