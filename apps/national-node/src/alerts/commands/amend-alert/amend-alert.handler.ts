import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { toNodeAlertView, type NodeAlertView } from '../../domain/node-alert.view.js';
import { AlertCommandRunner } from '../alert-command.runner.js';
import { AmendAlertCommand } from './amend-alert.command.js';

@CommandHandler(AmendAlertCommand)
export class AmendAlertHandler implements ICommandHandler<AmendAlertCommand, NodeAlertView> {
  constructor(@Inject(AlertCommandRunner) private readonly runner: AlertCommandRunner) {}

  async execute({ alertId, request, principal, idempotencyKey }: AmendAlertCommand): Promise<NodeAlertView> {
    const { expectedVersion, changes } = request;
    const { state } = await this.runner.run(
      { type: 'AmendAlert', alertId, expectedVersion, changes: changes as Record<string, unknown>, actor: principal },
      { idempotencyKey, request },
    );
    return toNodeAlertView(state);
  }
}
