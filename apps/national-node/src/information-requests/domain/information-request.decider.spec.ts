import { describe, expect, it } from '@jest/globals';
import { DomainError, ValidationFailed, type AlertState, type Distribution } from '@cix/contracts';
import { decideAnswer, decideRequest, type AnswerRequest } from './information-request.decider.js';

const kz = { sub: 'kz-officer-1', agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU' } as const;
const tm = { sub: 'tm-officer-1', agency: 'TM', role: 'officer', unit: 'TM-TURKMENBASHI' } as const;
const code = (decision: () => unknown): string => {
  try {
    decision();
  } catch (e) {
    if (e instanceof DomainError) return e.code;
    throw e;
  }
  throw new Error('not refused');
};

describe('information request decider: the requester', () => {
  const request = (over: Partial<Parameters<typeof decideRequest>[0]> = {}) =>
    decideRequest(
      { requestId: 'r-1', hit: { hitId: 'h-1', side: 'requester' }, message: 'what did you find?', actor: kz, ...over },
      { agency: 'KZ', sent: null },
    );

  it('records the request as the requesting agency and unit state it', () => {
    expect(request()).toEqual({
      type: 'InformationRequested',
      payload: { requestId: 'r-1', hitId: 'h-1', agency: 'KZ', unit: 'KZ-AKTAU', message: 'what did you find?' },
    });
  });

  it('answers "not found" for a hit the hub does not show the caller as requester (an owner side or a guessed id)', () => {
    expect(code(() => request({ hit: null }))).toBe('RESOURCE.NOT_FOUND');
    expect(code(() => request({ hit: { hitId: 'h-1', side: 'owner' } }))).toBe('RESOURCE.NOT_FOUND');
  });

  it('refuses a second request on the same hit and anyone but an own officer', () => {
    const sent = { requestId: 'r-0', hitId: 'h-1', agency: 'KZ', message: 'x' };
    expect(code(() => decideRequest({ requestId: 'r-1', hit: { hitId: 'h-1', side: 'requester' }, message: 'm', actor: kz }, { agency: 'KZ', sent }))).toBe(
      'INFORMATION_REQUEST.ALREADY_SENT',
    );
    expect(code(() => request({ actor: { ...kz, role: 'auditor' } }))).toBe('AUTH.FORBIDDEN');
    expect(code(() => request({ actor: tm }))).toBe('AUTH.FORBIDDEN');
  });

  it('refuses a unit that is not a unit code (field and rule named), as the hub would refuse it', () => {
    const refused = (unit: string) => {
      try {
        request({ actor: { ...kz, unit } });
      } catch (e) {
        if (e instanceof ValidationFailed) return e.errors.map((x) => [x.field, x.rule]);
        throw e;
      }
      return 'accepted';
    };
    expect(refused(`KZ-${'A'.repeat(41)}`)).toEqual([['unit', 'unitCode']]);
    expect(refused('kz aktau')).toEqual([['unit', 'unitCode']]);
    expect(refused(`KZ-${'A'.repeat(40)}`)).toBe('accepted');
  });
});

describe('information request decider: the owner', () => {
  const alert = (distribution: Distribution, agency = 'TM') => ({ id: 'a-1', agency, version: 3, distribution }) as unknown as AlertState;
  const bilateral: Distribution = { level: 'bilateral', recipients: ['AZ'] };
  const answer = (over: Partial<AnswerRequest> = {}, ctx: Partial<Parameters<typeof decideAnswer>[1]> = {}) =>
    decideAnswer(
      {
        requestId: 'r-1',
        request: { requestId: 'r-1', hitId: 'h-1', side: 'owner', requesterAgency: 'KZ', ownAlert: { agency: 'TM', alertId: 'a-1' } },
        alertId: 'a-1',
        requesterAgency: 'KZ',
        decision: 'accept',
        expectedVersion: 3,
        actor: tm,
        ...over,
      },
      { agency: 'TM', alert: alert(bilateral), answered: null, ...ctx },
    );

  it('accepts by widening a bilateral alert to the requester; regional stays regional', () => {
    expect(answer()).toEqual({
      answer: { requestId: 'r-1', alertId: 'a-1', requesterAgency: 'KZ', decision: 'accept' },
      distribution: { level: 'bilateral', recipients: ['AZ', 'KZ'] },
    });
    expect(answer({}, { alert: alert({ level: 'regional', recipients: [] }) }).distribution).toBeNull();
  });

  it('declines with a reason and shares nothing', () => {
    expect(answer({ decision: 'decline', reason: 'ongoing case' })).toEqual({
      answer: { requestId: 'r-1', alertId: 'a-1', requesterAgency: 'KZ', decision: 'decline', reason: 'ongoing case' },
      distribution: null,
    });
  });

  it('answers "not found" for an answer aimed at another alert, another requester or a request the hub does not show the owner', () => {
    expect(code(() => answer({ alertId: 'a-2' }))).toBe('RESOURCE.NOT_FOUND');
    expect(code(() => answer({ requesterAgency: 'AZ' }))).toBe('RESOURCE.NOT_FOUND');
    expect(code(() => answer({ request: null }))).toBe('RESOURCE.NOT_FOUND');
    expect(code(() => answer({ request: { requestId: 'r-1', hitId: 'h-1', side: 'requester', requesterAgency: 'KZ' } }))).toBe('RESOURCE.NOT_FOUND');
    expect(code(() => answer({}, { alert: null }))).toBe('RESOURCE.NOT_FOUND');
  });

  it('refuses a second answer and a stale version', () => {
    expect(code(() => answer({}, { answered: { requestId: 'r-1', alertId: 'a-1', requesterAgency: 'KZ', decision: 'decline' } }))).toBe(
      'INFORMATION_REQUEST.ALREADY_ANSWERED',
    );
    expect(code(() => answer({ expectedVersion: 2 }))).toBe('STREAM.VERSION_CONFLICT');
  });
});
