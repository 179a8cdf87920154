import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { AlertChangeCommand } from '@cix/contracts';
import { toNodeAlertView, type NodeAlertView } from '../../domain/node-alert.view.js';
import { AlertCommandRunner } from '../alert-command.runner.js';
import { ChangeStatusCommand, type StatusChange } from './change-status.command.js';

const COMMAND = { close: 'CloseAlert', retract: 'RetractAlert', renew: 'RenewAlert' } as const satisfies Record<StatusChange, AlertChangeCommand['type']>;

/** Close (done with it), retract (it was wrong; views mark it, history keeps it), renew (not stale yet). */
@CommandHandler(ChangeStatusCommand)
export class ChangeStatusHandler implements ICommandHandler<ChangeStatusCommand, NodeAlertView> {
  constructor(@Inject(AlertCommandRunner) private readonly runner: AlertCommandRunner) {}

  async execute({ change, alertId, request, principal }: ChangeStatusCommand): Promise<NodeAlertView> {
    const { expectedVersion, reason } = request;
    // The DTOs require a retraction's reason and give a renewal none.
    const command = { type: COMMAND[change], alertId, expectedVersion, reason: reason!, actor: principal };
    const { state } = await this.runner.run(command);
    return toNodeAlertView(state);
  }
}
