import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { AlertEventType, ValidationFailed, type AlertAmendedV1, type AlertContent, type RaiseAlertRequestDto } from '@cix/contracts';
import { canonicalJson } from '@cix/event-store';
import { ReferenceDataService } from '@cix/platform';
import { AlertRepository } from '../../domain/alert.repository.js';
import type { NodeAlertView } from '../../domain/node-alert.view.js';
import { buildAlert } from '../raise-alert/alert-content.factory.js';
import { changeAlert } from '../alert-change.handler-support.js';
import { AmendAlertCommand } from './amend-alert.command.js';

// `null` removes an optional field; these every report must keep (lists are emptied with [], not null).
const REQUIRED: ReadonlyArray<keyof AlertContent> = ['occurredAt', 'commodity', 'containers', 'parties', 'handlingCode'];

@CommandHandler(AmendAlertCommand)
export class AmendAlertHandler implements ICommandHandler<AmendAlertCommand, NodeAlertView> {
  constructor(
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(ReferenceDataService) private readonly reference: ReferenceDataService,
  ) {}

  execute({ alertId, request, principal, idempotencyKey }: AmendAlertCommand): Promise<NodeAlertView> {
    return changeAlert(this.alerts, { alertId, expectedVersion: request.expectedVersion, principal, idempotencyKey, request }, ['open'], (state) => {
      const raw = request.changes as Record<string, unknown>;
      const removed = REQUIRED.filter((k) => raw[k] === null);
      if (removed.length)
        throw new ValidationFailed(
          removed.map((k) => ({
            field: `changes.${k}`,
            rule: 'required',
            message: Array.isArray(state.content[k]) ? `${k} cannot be removed; send [] to empty it` : `${k} cannot be removed`,
          })),
        );
      // Re-check the amended report as a whole, with the same rules as a new one.
      const merged = { ...state.content, ...stripNulls(raw), kind: state.content.kind, unit: state.content.unit, distribution: state.distribution };
      const { content } = buildAlert(merged as unknown as RaiseAlertRequestDto, { ...principal, unit: undefined }, this.reference);
      const changes: Record<string, unknown> = {};
      for (const k of new Set([...Object.keys(raw)])) {
        const next = raw[k] === null ? null : (content as unknown as Record<string, unknown>)[k];
        if (canonicalJson(next ?? null) !== canonicalJson((state.content as unknown as Record<string, unknown>)[k] ?? null)) changes[k] = next ?? null;
      }
      if (!Object.keys(changes).length) throw new ValidationFailed([{ field: 'changes', rule: 'noChange', message: 'the changes do not change anything' }]);
      return { type: AlertEventType.Amended, payload: { alertId, changes } satisfies AlertAmendedV1 };
    });
  }
}

function stripNulls(o: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== null && v !== undefined));
}
