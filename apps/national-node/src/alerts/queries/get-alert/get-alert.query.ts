import type { Principal } from '@cix/auth';

export class GetAlertQuery {
  constructor(
    readonly alertId: string,
    readonly principal?: Principal,
  ) {}
}
