import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AlertEventType, type AlertRaisedV1, type FieldError } from '@cix/contracts';
import type { NodeEnv } from '@cix/config';
import { ReferenceDataService } from '@cix/platform';
import { AlertRepository } from '../../domain/alert.repository.js';
import { toNodeAlertView, type NodeAlertView } from '../../domain/node-alert.view.js';
import { assertOfficerOf } from '../../domain/officer.guard.js';
import { NODE_CONFIG } from '../../../node.tokens.js';
import { buildAlert } from './alert-content.factory.js';
import { RaiseAlertCommand } from './raise-alert.command.js';

export type RaiseAlertResult = NodeAlertView & { readonly warnings: FieldError[]; readonly replayed: boolean };

/** Lifecycle dates from the node's configuration: feedback due after ETA, expiry after raising. */
export function lifecycleDates(eta: string | undefined, now: Date, config: Pick<NodeEnv, 'FEEDBACK_DUE_HOURS' | 'ALERT_EXPIRY_DAYS'>) {
  const dueFrom = eta ? Math.max(Date.parse(eta), now.getTime()) : now.getTime();
  return {
    feedbackDueAt: new Date(dueFrom + config.FEEDBACK_DUE_HOURS * 3_600_000).toISOString(),
    expiresAt: new Date(now.getTime() + config.ALERT_EXPIRY_DAYS * 86_400_000).toISOString(),
  };
}

@CommandHandler(RaiseAlertCommand)
export class RaiseAlertHandler implements ICommandHandler<RaiseAlertCommand, RaiseAlertResult> {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(ReferenceDataService) private readonly reference: ReferenceDataService,
    @Inject(NODE_CONFIG) private readonly config: NodeEnv,
  ) {}

  async execute({ request, principal, idempotencyKey }: RaiseAlertCommand): Promise<RaiseAlertResult> {
    assertOfficerOf(principal, this.alerts.agency);
    const { content, distribution, warnings } = buildAlert(request, principal, this.reference);
    const alertId = randomUUID();
    const payload: AlertRaisedV1 = { alertId, agency: this.alerts.agency, content, distribution, ...lifecycleDates(content.eta, new Date(), this.config) };
    const { state, result } = await this.alerts.append(
      alertId,
      null,
      { type: AlertEventType.Raised, payload, expectedVersion: 0, idempotencyKey, request },
      principal,
    );
    return { ...toNodeAlertView(state), warnings, replayed: result.replayed };
  }
}
