import { describe, expect, it } from '@jest/globals';
import { DomainError, ValidationFailed, type AlertState } from '@cix/contracts';
import type { GiveFeedbackRequestDto } from '../give-feedback/give-feedback.request.dto.js';
import { decideFeedback, foldFeedback, type FeedbackDecisionContext, type GiveFeedback } from './feedback.decider.js';

const officer = { sub: 'kz-officer-1', agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU' } as const;
const seizureReportId = '6b1d3c0e-8f2a-4e5b-9c7d-1a2b3c4d5e6f';
const report = (kind: 'seizure' | 'high-risk-consignment') => ({ id: seizureReportId, agency: 'KZ', content: { kind } }) as unknown as AlertState;

const when = (request: Partial<GiveFeedbackRequestDto>, over: Partial<GiveFeedback> = {}) => ({
  given: (ctx: Partial<FeedbackDecisionContext> = {}) =>
    decideFeedback(
      {
        type: 'GiveFeedback',
        feedbackId: 'f-1',
        alert: { agency: 'AZ', id: 'a-1' },
        request: { alertId: 'a-1', outcome: 'nothing-found', ...request },
        actor: officer,
        ...over,
      },
      { agency: 'KZ', seizureReport: null, ...ctx },
    ),
});

const refusal = (decision: () => unknown): { code: string; rules: string[]; details?: Record<string, unknown> } => {
  try {
    decision();
  } catch (e) {
    if (!(e instanceof DomainError)) throw e;
    if (e instanceof ValidationFailed) return { code: e.code, rules: e.errors.map((x) => x.rule) };
    return { code: e.code, rules: [], ...(Object.keys(e.details).length ? { details: e.details } : {}) };
  }
  throw new Error('not refused');
};

describe('feedback decider: GiveFeedback', () => {
  it('records the giver, its unit and the alert as the hub showed it, leaving absent fields out', () => {
    expect(when({ notes: 'clean' }).given()).toEqual([
      {
        type: 'FeedbackGiven',
        payload: { feedbackId: 'f-1', alert: { agency: 'AZ', alertId: 'a-1' }, agency: 'KZ', unit: 'KZ-AKTAU', outcome: 'nothing-found', notes: 'clean' },
      },
    ]);
  });

  it('links a seizure outcome to an own seizure report', () => {
    const [event] = when({ outcome: 'seizure', seizureReportId }).given({ seizureReport: report('seizure') });
    expect(event.payload).toMatchObject({ outcome: 'seizure', seizureReportId });
  });

  it('refuses feedback on an own alert', () => {
    expect(refusal(() => when({}, { alert: { agency: 'KZ', id: 'a-1' } }).given())).toEqual({ code: 'REQUEST.VALIDATION_FAILED', rules: ['notOwnAlert'] });
  });

  it('refuses a seizure report that is not one, or not there', () => {
    expect(refusal(() => when({ outcome: 'seizure', seizureReportId }).given({ seizureReport: report('high-risk-consignment') }))).toEqual({
      code: 'REQUEST.VALIDATION_FAILED',
      rules: ['seizureReport'],
    });
    expect(refusal(() => when({ outcome: 'seizure', seizureReportId }).given())).toEqual({ code: 'REQUEST.VALIDATION_FAILED', rules: ['seizureReport'] });
  });

  it('is refused to anyone but an officer of this node', () => {
    expect(refusal(() => when({}, { actor: { ...officer, role: 'auditor' } }).given())).toEqual({ code: 'AUTH.FORBIDDEN', rules: [] });
    expect(refusal(() => when({}, { actor: { ...officer, agency: 'TM' } }).given())).toEqual({ code: 'AUTH.FORBIDDEN', rules: [] });
  });
});

describe('feedback decider: versions', () => {
  const first = { feedbackId: 'f-1', alert: { agency: 'AZ', alertId: 'a-1' }, agency: 'KZ', unit: 'KZ-AKTAU', outcome: 'nothing-found' as const };
  const given = foldFeedback([{ payload: first, streamVersion: 1 }]);

  it('refuses a second answer without expectedVersion, naming the version and the feedback to amend', () => {
    expect(refusal(() => when({ outcome: 'not-inspected', reason: 'no capacity' }).given({ given }))).toEqual({
      code: 'FEEDBACK.ALREADY_GIVEN',
      rules: [],
      details: { currentVersion: 1, feedbackId: 'f-1' },
    });
  });

  it('amends on the current version: same feedback id, next version, the full values as they now stand', () => {
    const [event] = when({ outcome: 'seizure', seizureReportId, expectedVersion: 1 }, { feedbackId: 'ignored' }).given({
      given,
      seizureReport: report('seizure'),
    });
    expect(event).toEqual({
      type: 'FeedbackAmended',
      payload: { ...first, outcome: 'seizure', seizureReportId, version: 2 },
    });
    const second = foldFeedback([
      { payload: first, streamVersion: 1 },
      { payload: event.payload, streamVersion: 2 },
    ]);
    expect(second).toMatchObject({ feedbackId: 'f-1', version: 2 });
  });

  it('refuses a stale or premature expectedVersion with the current one, and an amendment that changes nothing', () => {
    expect(refusal(() => when({ expectedVersion: 2 }).given({ given }))).toEqual({
      code: 'FEEDBACK.VERSION_CONFLICT',
      rules: [],
      details: { currentVersion: 1 },
    });
    expect(refusal(() => when({ expectedVersion: 1 }).given())).toEqual({ code: 'FEEDBACK.VERSION_CONFLICT', rules: [], details: { currentVersion: 0 } });
    expect(refusal(() => when({ expectedVersion: 1 }, { actor: { ...officer, unit: 'KZ-KURYK' } }).given({ given }))).toEqual({
      code: 'REQUEST.VALIDATION_FAILED',
      rules: ['noChange'],
    });
  });
});
