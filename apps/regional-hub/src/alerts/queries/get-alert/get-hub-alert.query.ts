import type { Principal } from '@cix/auth';

export class GetHubAlertQuery {
  constructor(
    readonly principal: Principal,
    readonly alertId: string,
  ) {}
}
