import { randomUUID } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { plainToInstance } from 'class-transformer';
import { validate } from 'class-validator';
import { DomainError, ErrorCode, RaiseAlertRequestDto, ValidationFailed, type FieldError } from '@cix/contracts';
import { EventStore, type AppendRequest } from '@cix/event-store';
import { toFieldErrors } from '@cix/platform';
import { decide } from '../../domain/alert.decider.js';
import { referenceErrors, withReferenceErrors } from '../../domain/alert-content.factory.js';
import { AlertRepository } from '../../domain/alert.repository.js';
import { assertOfficerOf } from '../../domain/officer.guard.js';
import { AlertCommandRunner } from '../alert-command.runner.js';
import { BulkRaiseCommand } from './bulk-raise.command.js';

export const MAX_BULK_ROWS = 1000;

/** Up to 1,000 reports validated as a whole: all stored in one transaction, or none and every error listed. */
@CommandHandler(BulkRaiseCommand)
export class BulkRaiseHandler implements ICommandHandler<BulkRaiseCommand, { created: number; items: Array<{ id: string; version: number }> }> {
  constructor(
    @Inject(EventStore) private readonly store: EventStore,
    @Inject(AlertRepository) private readonly alerts: AlertRepository,
    @Inject(AlertCommandRunner) private readonly runner: AlertCommandRunner,
  ) {}

  async execute({ rows, principal }: BulkRaiseCommand) {
    assertOfficerOf(principal, this.store.agency);
    if (!Array.isArray(rows) || rows.length === 0)
      throw new ValidationFailed([{ field: 'body', rule: 'nonEmptyArray', message: 'send a JSON array or a CSV with a header row and at least one report' }]);
    if (rows.length > MAX_BULK_ROWS) throw new DomainError(ErrorCode.PayloadTooLarge, `at most ${MAX_BULK_ROWS} reports per upload, got ${rows.length}`);
    const errors: FieldError[] = [];
    const requests: AppendRequest[] = [];
    const context = this.runner.context();
    for (const [i, row] of rows.entries()) {
      const prefix = (f: FieldError) => ({ ...f, field: `[${i}].${f.field}` });
      if (typeof row !== 'object' || row === null || Array.isArray(row)) {
        errors.push({ field: `[${i}]`, rule: 'isObject', message: 'each report must be an object' });
        continue;
      }
      const request = plainToInstance(RaiseAlertRequestDto, row);
      const rowErrors = toFieldErrors(await validate(request, { whitelist: true, forbidNonWhitelisted: true, forbidUnknownValues: true }));
      if (rowErrors.length) {
        errors.push(...withReferenceErrors(rowErrors, referenceErrors(row, principal, context.reference)).map(prefix));
        continue;
      }
      try {
        const alertId = randomUUID();
        const [event] = decide({ type: 'RaiseAlert', alertId, request, actor: principal }, null, context);
        requests.push(this.alerts.request(alertId, null, { ...event, expectedVersion: 0 }, principal));
      } catch (e) {
        if (!(e instanceof ValidationFailed)) throw e;
        errors.push(...e.errors.map(prefix));
      }
    }
    if (errors.length) throw new ValidationFailed(errors);
    const results = await this.store.appendAll(requests);
    return { created: results.length, items: results.map((r) => ({ id: r.streamId.slice('alert-'.length), version: r.version })) };
  }
}
