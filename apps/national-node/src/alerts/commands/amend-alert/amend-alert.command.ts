import type { Principal } from '@cix/auth';
import type { AmendAlertRequestDto } from './amend-alert.request.dto.js';

export class AmendAlertCommand {
  constructor(
    readonly alertId: string,
    readonly request: AmendAlertRequestDto,
    readonly principal: Principal,
    readonly idempotencyKey?: string,
  ) {}
}
