import type { Principal } from '@cix/auth';
import type { ChangeDistributionRequestDto } from './change-distribution.request.dto.js';

export class ChangeDistributionCommand {
  constructor(
    readonly alertId: string,
    readonly request: ChangeDistributionRequestDto,
    readonly principal: Principal,
  ) {}
}
