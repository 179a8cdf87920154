import { describe, expect, it } from '@jest/globals';
import { validateSync } from 'class-validator';
import { IsPastInstant } from './decorators.js';

class Report {
  @IsPastInstant() occurredAt!: string;
}
const errorsAt = (msAhead: number) => {
  const r = new Report();
  r.occurredAt = new Date(Date.now() + msAhead).toISOString();
  return validateSync(r).map((e) => Object.keys(e.constraints ?? {})[0]);
};

describe('instants that must not lie in the future', () => {
  it("accepts 'just now' from a device whose clock is 10 minutes ahead of this service's (issue 15)", () => {
    expect(errorsAt(10 * 60_000)).toEqual([]);
  });

  it('still refuses what is clearly in the future (a wrong hour or day)', () => {
    expect(errorsAt(60 * 60_000)).toEqual(['notInFuture']);
    expect(errorsAt(24 * 3600_000)).toEqual(['notInFuture']);
  });
});
