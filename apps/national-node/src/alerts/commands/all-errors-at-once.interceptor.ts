import { Inject, Injectable, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import { catchError, type Observable } from 'rxjs';
import type { Principal } from '@cix/auth';
import { ValidationFailed } from '@cix/contracts';
import { ReferenceDataService } from '@cix/platform';
import { referenceErrors, withReferenceErrors } from '../domain/alert-content.factory.js';

/** Where a route's report sits in its body: the whole body (raise), or `changes` (amend). */
export const reportIn = {
  body: (body: unknown) => ({ report: body, prefix: '' }),
  changes: (body: unknown) => ({ report: body && typeof body === 'object' ? (body as { changes?: unknown }).changes : undefined, prefix: 'changes.' }),
};

/**
 * When a report fails its format rules (the validation pipe), its reference-data rules (unknown unit,
 * commodity, method, recipients, unconfirmed check digits) are checked too, on what could be read,
 * and reported in the same 400: a form shows every error at its field after one submission.
 */
export const AllErrorsAtOnce = (where: (body: unknown) => { report: unknown; prefix: string }) => {
  @Injectable()
  class AllErrorsAtOnceInterceptor implements NestInterceptor {
    constructor(@Inject(ReferenceDataService) readonly reference: ReferenceDataService) {}

    intercept(ctx: ExecutionContext, next: CallHandler): Observable<unknown> {
      const req = ctx.switchToHttp().getRequest<{ body?: unknown; principal?: Principal }>();
      return next.handle().pipe(
        catchError((e: unknown) => {
          if (!(e instanceof ValidationFailed) || !req.principal) throw e;
          const { report, prefix } = where(req.body);
          const more = report === undefined ? [] : referenceErrors(report, req.principal, this.reference);
          throw new ValidationFailed(withReferenceErrors(e.errors, more, prefix));
        }),
      );
    }
  }
  return AllErrorsAtOnceInterceptor;
};
