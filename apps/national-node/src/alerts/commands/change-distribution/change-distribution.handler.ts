import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { toNodeAlertView, type NodeAlertView } from '../../domain/node-alert.view.js';
import { AlertCommandRunner } from '../alert-command.runner.js';
import { ChangeDistributionCommand } from './change-distribution.command.js';

/** Widen or narrow who sees an alert; narrowing applies to every later read on the hub. */
@CommandHandler(ChangeDistributionCommand)
export class ChangeDistributionHandler implements ICommandHandler<ChangeDistributionCommand, NodeAlertView> {
  constructor(@Inject(AlertCommandRunner) private readonly runner: AlertCommandRunner) {}

  async execute({ alertId, request, principal }: ChangeDistributionCommand): Promise<NodeAlertView> {
    const { expectedVersion, level, recipients } = request;
    const { state } = await this.runner.run({ type: 'ChangeDistribution', alertId, expectedVersion, distribution: { level, recipients }, actor: principal });
    return toNodeAlertView(state);
  }
}
