import type { Principal } from '@cix/auth';
import type { RaiseAlertRequestDto } from '@cix/contracts';

export class RaiseAlertCommand {
  constructor(
    readonly request: RaiseAlertRequestDto,
    readonly principal: Principal,
    readonly idempotencyKey?: string,
  ) {}
}
