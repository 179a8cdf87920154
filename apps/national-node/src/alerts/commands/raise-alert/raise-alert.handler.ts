import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import type { FieldError } from '@cix/contracts';
import { alertWarnings } from '../../domain/alert-content.factory.js';
import { toNodeAlertView, type NodeAlertView } from '../../domain/node-alert.view.js';
import { AlertCommandRunner } from '../alert-command.runner.js';
import { RaiseAlertCommand } from './raise-alert.command.js';

export type RaiseAlertResult = NodeAlertView & { readonly warnings: FieldError[]; readonly replayed: boolean };

@CommandHandler(RaiseAlertCommand)
export class RaiseAlertHandler implements ICommandHandler<RaiseAlertCommand, RaiseAlertResult> {
  constructor(@Inject(AlertCommandRunner) private readonly runner: AlertCommandRunner) {}

  async execute({ request, principal, idempotencyKey }: RaiseAlertCommand): Promise<RaiseAlertResult> {
    const { state, result } = await this.runner.run({ type: 'RaiseAlert', alertId: randomUUID(), request, actor: principal }, { idempotencyKey, request });
    return { ...toNodeAlertView(state), warnings: alertWarnings(request), replayed: result.replayed };
  }
}
