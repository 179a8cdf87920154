import type { Principal } from '@cix/auth';
import type { GrantPersonalDataRequestDto, RevokePersonalDataGrantRequestDto } from './personal-data-grants.request.dto.js';

export class GrantPersonalDataCommand {
  constructor(
    readonly alertId: string,
    readonly request: GrantPersonalDataRequestDto,
    readonly principal: Principal,
  ) {}
}

export class RevokePersonalDataGrantCommand {
  constructor(
    readonly alertId: string,
    readonly request: RevokePersonalDataGrantRequestDto,
    readonly principal: Principal,
  ) {}
}
