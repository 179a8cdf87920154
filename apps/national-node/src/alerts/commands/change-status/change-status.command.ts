import type { Principal } from '@cix/auth';

export type StatusChange = 'close' | 'retract' | 'renew';

export class ChangeStatusCommand {
  constructor(
    readonly change: StatusChange,
    readonly alertId: string,
    readonly request: { expectedVersion: number; reason?: string },
    readonly principal: Principal,
  ) {}
}
