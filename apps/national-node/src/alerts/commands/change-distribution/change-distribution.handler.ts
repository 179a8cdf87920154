import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AlertEventType, ValidationFailed, type AlertDistributionChangedV1 } from '@cix/contracts';
import { canonicalJson } from '@cix/event-store';
import { ReferenceDataService } from '@cix/platform';
import { AlertRepository } from '../../domain/alert.repository.js';
import type { NodeAlertView } from '../../domain/node-alert.view.js';
import { checkDistribution } from '../raise-alert/alert-content.factory.js';
import { changeAlert } from '../alert-change.handler-support.js';
import { ChangeDistributionCommand } from './change-distribution.command.js';

/** Widen or narrow who sees an alert; narrowing applies to every later read on the hub. */
@CommandHandler(ChangeDistributionCommand)
export class ChangeDistributionHandler implements ICommandHandler<ChangeDistributionCommand, NodeAlertView> {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(ReferenceDataService) private readonly reference: ReferenceDataService,
  ) {}

  execute({ alertId, request, principal }: ChangeDistributionCommand): Promise<NodeAlertView> {
    return changeAlert(this.alerts, { alertId, expectedVersion: request.expectedVersion, principal }, ['open', 'closed'], (state) => {
      const { distribution, errors } = checkDistribution(request, principal, this.reference);
      if (errors.length) throw new ValidationFailed(errors);
      if (canonicalJson(distribution) === canonicalJson(state.distribution)) {
        throw new ValidationFailed([{ field: 'level', rule: 'noChange', message: 'the alert already has this distribution' }]);
      }
      // Widening from `agency`: the hub has only sealed stubs of this alert, so it gets the alert here.
      const snapshot = state.distribution.level === 'agency' ? state : undefined;
      const payload: AlertDistributionChangedV1 = { alertId, distribution, previous: state.distribution, ...(snapshot ? { snapshot } : {}) };
      return { type: AlertEventType.DistributionChanged, payload };
    });
  }
}
