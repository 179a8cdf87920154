import { DomainError, ErrorCode } from '@cix/contracts';

export class AlertInvalidState extends DomainError {
  constructor(message: string, currentStatus: string) {
    super(ErrorCode.AlertInvalidState, message, { currentStatus });
  }
}
