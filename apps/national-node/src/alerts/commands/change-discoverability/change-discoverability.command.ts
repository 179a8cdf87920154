import type { Principal } from '@cix/auth';
import type { ChangeDiscoverabilityRequestDto } from './change-discoverability.request.dto.js';

export class ChangeDiscoverabilityCommand {
  constructor(
    readonly alertId: string,
    readonly request: ChangeDiscoverabilityRequestDto,
    readonly principal: Principal,
  ) {}
}
