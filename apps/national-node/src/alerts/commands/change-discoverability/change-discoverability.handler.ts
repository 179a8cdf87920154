import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { toNodeAlertView, type NodeAlertView } from '../../domain/node-alert.view.js';
import { AlertCommandRunner } from '../alert-command.runner.js';
import { ChangeDiscoverabilityCommand } from './change-discoverability.command.js';

/** Offer an alert for hit/no-hit discovery, or withdraw the offer (later hits stop; the hub hides earlier ones from the requester). */
@CommandHandler(ChangeDiscoverabilityCommand)
export class ChangeDiscoverabilityHandler implements ICommandHandler<ChangeDiscoverabilityCommand, NodeAlertView> {
  constructor(@Inject(AlertCommandRunner) private readonly runner: AlertCommandRunner) {}

  async execute({ alertId, request, principal }: ChangeDiscoverabilityCommand): Promise<NodeAlertView> {
    const { expectedVersion, discoverable } = request;
    const { state } = await this.runner.run({ type: 'ChangeDiscoverability', alertId, expectedVersion, discoverable, actor: principal });
    return toNodeAlertView(state);
  }
}
