import { createHash, randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AlertEventType, DomainError, ErrorCode, type AlertRaisedV1, type FieldError } from '@cix/contracts';
import { canonicalJson, EventStore } from '@cix/event-store';
import { ReferenceDataService } from '@cix/platform';
import { alertStreamId, foldAlert, type AlertView } from '../../domain/alert.view.js';
import { buildAlert } from './alert-content.factory.js';
import { RaiseAlertCommand } from './raise-alert.command.js';

export type RaiseAlertResult = AlertView & { readonly warnings: FieldError[]; readonly replayed: boolean };

@CommandHandler(RaiseAlertCommand)
export class RaiseAlertHandler implements ICommandHandler<RaiseAlertCommand, RaiseAlertResult> {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(ReferenceDataService) private readonly reference: ReferenceDataService,
  ) {}

  async execute({ request, principal, idempotencyKey }: RaiseAlertCommand): Promise<RaiseAlertResult> {
    if (principal.role !== 'officer' || principal.agency !== this.store.agency) {
      throw new DomainError(ErrorCode.Forbidden, `only ${this.store.agency} officers post alerts on this node`);
    }
    const { content, distribution, warnings } = buildAlert(request, principal, this.reference);
    const alertId = randomUUID();
    const payload: AlertRaisedV1 = { alertId, agency: this.store.agency, content, distribution };
    const result = await this.store.append({
      streamId: alertStreamId(alertId),
      expectedVersion: 0,
      events: [{
        type: AlertEventType.Raised,
        payload,
        confidential: distribution.level === 'agency',
        metadata: { actor: principal.sub, agency: principal.agency, unit: principal.unit, role: principal.role, correlationId: randomUUID(), idempotencyKey },
      }],
      idempotency: idempotencyKey
        ? { scope: `${principal.agency}:${principal.sub}:raise-alert`, key: idempotencyKey, requestHash: createHash('sha256').update(canonicalJson(request)).digest('hex') }
        : undefined,
    });
    const view = foldAlert(await this.store.readStream(result.streamId, { toVersion: result.version }));
    return { ...view!, warnings, replayed: result.replayed };
  }
}
