import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { AlertEventType, DomainError, ErrorCode, RaiseAlertRequestDto, ValidationFailed, type AlertRaisedV1, type FieldError } from '@cix/contracts';
import type { NodeEnv } from '@cix/config';
import { EventStore } from '@cix/event-store';
import { ReferenceDataService, toFieldErrors } from '@cix/platform';
import { AlertRepository } from '../../domain/alert.repository.js';
import { assertOfficerOf } from '../../domain/officer.guard.js';
import { NODE_CONFIG } from '../../../node.tokens.js';
import { buildAlert } from '../raise-alert/alert-content.factory.js';
import { lifecycleDates } from '../raise-alert/raise-alert.handler.js';
import { BulkRaiseCommand } from './bulk-raise.command.js';

export const MAX_BULK_ROWS = 1000;

/** Up to 1,000 reports validated as a whole: all stored in one transaction, or none and every error listed. */
@CommandHandler(BulkRaiseCommand)
export class BulkRaiseHandler implements ICommandHandler<BulkRaiseCommand, { created: number; items: Array<{ id: string; version: number }> }> {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(ReferenceDataService) private readonly reference: ReferenceDataService,
    @Inject(NODE_CONFIG) private readonly config: NodeEnv,
  ) {}

  async execute({ rows, principal }: BulkRaiseCommand) {
    assertOfficerOf(principal, this.store.agency);
    if (!Array.isArray(rows) || rows.length === 0)
      throw new ValidationFailed([{ field: 'body', rule: 'nonEmptyArray', message: 'send a JSON array or a CSV with a header row and at least one report' }]);
    if (rows.length > MAX_BULK_ROWS) throw new DomainError(ErrorCode.PayloadTooLarge, `at most ${MAX_BULK_ROWS} reports per upload, got ${rows.length}`);
    const errors: FieldError[] = [];
    const built: Array<ReturnType<typeof buildAlert>> = [];
    for (const [i, row] of rows.entries()) {
      const prefix = (f: FieldError) => ({ ...f, field: `[${i}].${f.field}` });
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        errors.push({ field: `[${i}]`, rule: 'isObject', message: 'each report must be an object' });
        continue;
      }
      const dto = plainToInstance(RaiseAlertRequestDto, row);
      const rowErrors = toFieldErrors(await validate(dto, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }));
      if (rowErrors.length) {
        errors.push(...rowErrors.map(prefix));
        continue;
      }
      try {
        built.push(buildAlert(dto, principal, this.reference));
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
        errors.push(...e.errors.map(prefix));
      }
    }
    if (errors.length) throw new ValidationFailed(errors);
    const now = new Date();
    const requests = built.map(({ content, distribution }) => {
      const alertId = randomUUID();
      const payload: AlertRaisedV1 = { alertId, agency: this.store.agency, content, distribution, ...lifecycleDates(content.eta, now, this.config) };
      return this.alerts.request(alertId, null, { type: AlertEventType.Raised, payload, expectedVersion: 0 }, principal);
    });
    const results = await this.store.appendAll(requests);
    return { created: results.length, items: results.map((r) => ({ id: r.streamId.slice('alert-'.length), version: r.version })) };
  }
}
