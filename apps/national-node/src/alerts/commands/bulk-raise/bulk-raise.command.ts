import type { Principal } from '@cix/auth';

export class BulkRaiseCommand {
  constructor(
    readonly rows: unknown,
    readonly principal: Principal,
  ) {}
}
