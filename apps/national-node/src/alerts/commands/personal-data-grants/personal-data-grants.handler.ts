import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { toNodeAlertView, type NodeAlertView } from '../../domain/node-alert.view.js';
import { AlertCommandRunner } from '../alert-command.runner.js';
import { GrantPersonalDataCommand, RevokePersonalDataGrantCommand } from './personal-data-grants.command.js';

/** Grants are alert events: the decider checks who may receive the persons; the hub applies them on every read path. */
@CommandHandler(GrantPersonalDataCommand)
export class GrantPersonalDataHandler implements ICommandHandler<GrantPersonalDataCommand, NodeAlertView> {
  constructor(@Inject(AlertCommandRunner) private readonly runner: AlertCommandRunner) {}

  async execute({ alertId, request, principal }: GrantPersonalDataCommand): Promise<NodeAlertView> {
    const { expectedVersion, recipients, legalBasis } = request;
    const { state } = await this.runner.run({ type: 'GrantPersonalData', alertId, expectedVersion, recipients, legalBasis, actor: principal });
    return toNodeAlertView(state);
  }
}

@CommandHandler(RevokePersonalDataGrantCommand)
export class RevokePersonalDataGrantHandler implements ICommandHandler<RevokePersonalDataGrantCommand, NodeAlertView> {
  constructor(@Inject(AlertCommandRunner) private readonly runner: AlertCommandRunner) {}

  async execute({ alertId, request, principal }: RevokePersonalDataGrantCommand): Promise<NodeAlertView> {
    const { expectedVersion, agency, reason } = request;
    const { state } = await this.runner.run({ type: 'RevokePersonalDataGrant', alertId, expectedVersion, agency, reason, actor: principal });
    return toNodeAlertView(state);
  }
}
