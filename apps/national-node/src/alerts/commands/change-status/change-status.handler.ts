import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AlertEventType, type AlertState } from '@cix/contracts';
import type { NodeEnv } from '@cix/config';
import { AlertRepository } from '../../domain/alert.repository.js';
import type { NodeAlertView } from '../../domain/node-alert.view.js';
import { NODE_CONFIG } from '../../../node.tokens.js';
import { changeAlert } from '../alert-change.handler-support.js';
import { ChangeStatusCommand, type StatusChange } from './change-status.command.js';

const ALLOWED: Record<StatusChange, ReadonlyArray<AlertState['status']>> = {
  close: ['open'],
  retract: ['open', 'closed'],
  renew: ['open'],
};

/** Close (done with it), retract (it was wrong; views mark it, history keeps it), renew (not stale yet). */
@CommandHandler(ChangeStatusCommand)
export class ChangeStatusHandler implements ICommandHandler<ChangeStatusCommand, NodeAlertView> {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(NODE_CONFIG) private readonly config: NodeEnv,
  ) {}

  execute({ change, alertId, request, principal }: ChangeStatusCommand): Promise<NodeAlertView> {
    return changeAlert(this.alerts, { alertId, expectedVersion: request.expectedVersion, principal }, ALLOWED[change], () => {
      switch (change) {
        case 'close':
          return { type: AlertEventType.Closed, payload: { alertId, ...(request.reason ? { reason: request.reason } : {}) } };
        case 'retract':
          return { type: AlertEventType.Retracted, payload: { alertId, reason: request.reason } };
        case 'renew':
          return {
            type: AlertEventType.Renewed,
            payload: { alertId, expiresAt: new Date(Date.now() + this.config.ALERT_EXPIRY_DAYS * 86_400_000).toISOString() },
          };
      }
    });
  }
}
