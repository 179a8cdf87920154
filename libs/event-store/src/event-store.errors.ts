import { DomainError, ErrorCode, ValidationFailed } from '@cix/contracts';

export class StreamVersionConflict extends DomainError {
  constructor(
    streamId: string,
    expectedVersion: number,
    readonly currentVersion: number,
  ) {
    super(ErrorCode.StreamVersionConflict, `stream ${streamId} is at version ${currentVersion}, not ${expectedVersion}`, {
      currentVersion,
    });
  }
}

export class IdempotencyKeyReused extends DomainError {
  constructor(key: string) {
    super(ErrorCode.IdempotencyKeyReused, `Idempotency-Key "${key}" was already used for a different request`);
  }
}

/** SQLSTATE of a PostgreSQL error, wherever the driver or TypeORM put it. */
function sqlState(e: unknown): string | undefined {
  const code = (e as { code?: unknown; driverError?: { code?: unknown } })?.driverError?.code ?? (e as { code?: unknown })?.code;
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) ? code : undefined;
}

/**
 * The database, not the data: connection loss, shutdown, resources, serialization. Such a
 * failure is the same for every request in the batch, so splitting the batch would not help.
 */
export function isInfrastructureFailure(e: unknown): boolean {
  const state = sqlState(e);
  if (state) return ['08', '40', '53', '55', '57', '58', 'XX', '3D', '28'].includes(state.slice(0, 2));
  // Node's socket errors (ECONNRESET, ECONNREFUSED...) and pg's "Connection terminated".
  const code = (e as { code?: unknown; driverError?: { code?: unknown } })?.driverError?.code ?? (e as { code?: unknown })?.code;
  return (typeof code === 'string' && /^E[A-Z]+$/.test(code)) || /connection|terminat/i.test(String((e as Error)?.message ?? ''));
}

/** PostgreSQL refused the values themselves: data exceptions (22), constraints (23), limits (54). */
export function isRefusedInput(e: unknown): boolean {
  const state = sqlState(e);
  return !!state && ['22', '23', '54'].includes(state.slice(0, 2));
}

/**
 * The caller's own request carried something the database refuses (e.g. a NUL character in a
 * text, a key too long for its index): bad input, hence a validation failure (400). It failed
 * alone: the requests that shared its batch were committed without it.
 */
export class EventRefusedByStore extends ValidationFailed {
  readonly sqlState: string | undefined;
  constructor(cause: unknown) {
    super([{ field: 'body', rule: 'storable', message: `the event store refused the request: ${(cause as Error)?.message ?? String(cause)}` }]);
    this.sqlState = sqlState(cause);
  }
}

/**
 * The transaction did not commit for a reason that is not the request (the database connection
 * failed). Nothing of the batch was written, unless the connection failed on the COMMIT itself:
 * then the commit's answer is what got lost and the write may stand. Either way the request may
 * be retried: the same Idempotency-Key answers a stored write instead of storing it twice.
 */
export class AppendNotCommitted extends DomainError {
  readonly retryable = true;
  /** The driver's message, for logs only: answers to callers carry the fixed message. */
  readonly reason: string;
  constructor(cause: unknown, atCommit = false) {
    // Not `cause`: a driver error carries the batch's parameters, i.e. other callers' data.
    super(
      ErrorCode.StoreUnavailable,
      atCommit
        ? 'the database did not confirm the commit; the write may or may not be stored; retry with the same Idempotency-Key'
        : 'the database did not commit the write; nothing was stored; retry (with the same Idempotency-Key)',
    );
    this.reason = (cause as Error)?.message ?? String(cause);
    this.name = 'AppendNotCommitted';
  }
}
