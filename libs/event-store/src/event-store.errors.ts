import { DomainError, ErrorCode } from '@cix/contracts';

export class StreamVersionConflict extends DomainError {
  constructor(streamId: string, expectedVersion: number, readonly currentVersion: number) {
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
