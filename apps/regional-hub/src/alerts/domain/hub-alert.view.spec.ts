import { describe, expect, it } from '@jest/globals';
import type { AlertState } from '@cix/contracts';
import { toHubAlertView, type FeedbackRow, type HubAlertRow } from './hub-alert.view.js';

const state = (over: Partial<AlertState> = {}): AlertState => ({
  id: 'a1',
  agency: 'KZ',
  version: 1,
  status: 'open',
  distribution: { level: 'regional', recipients: [] },
  content: {
    kind: 'high-risk-consignment',
    unit: 'KZ-AKTAU',
    occurredAt: '2026-11-20T08:00:00Z',
    commodity: { category: 'drugs', description: 'x' },
    containers: [],
    parties: [],
    handlingCode: 'H0',
  },
  raisedAt: '2026-11-20T09:00:00Z',
  raisedBy: { actor: 'aidos' },
  updatedAt: '2026-11-20T09:00:00Z',
  feedbackDueAt: '2026-11-23T09:00:00Z',
  expiresAt: '2027-02-18T09:00:00Z',
  ...over,
});
const row = (s: AlertState): HubAlertRow => ({
  id: s.id,
  seq: '1',
  agency: s.agency,
  level: s.distribution.level,
  recipients: [...s.distribution.recipients],
  state: s,
});
const az = { sub: 'x', agency: 'AZ', role: 'officer' as const };
const feedback = (agency: string): FeedbackRow => ({
  agency,
  outcome: 'nothing-found',
  payload: { feedbackId: 'f', alert: { agency: 'KZ', alertId: 'a1' }, agency, outcome: 'nothing-found' },
  given_at: new Date('2026-11-21T00:00:00Z'),
});

describe('hub alert view: feedback status', () => {
  it('is open before the due date, overdue after it, given once the agency answered', () => {
    expect(toHubAlertView(row(state()), az, [], new Date('2026-11-22T00:00:00Z')).feedbackStatus).toBe('open');
    expect(toHubAlertView(row(state()), az, [], new Date('2026-11-24T00:00:00Z')).feedbackStatus).toBe('overdue');
    expect(toHubAlertView(row(state()), az, [feedback('AZ')], new Date('2026-11-24T00:00:00Z')).feedbackStatus).toBe('given');
  });

  it('is absent for the owner, for seizure reports and for non-officers', () => {
    expect(toHubAlertView(row(state()), { sub: 'k', agency: 'KZ', role: 'officer' }).feedbackStatus).toBeNull();
    expect(toHubAlertView(row(state({ content: { ...state().content, kind: 'seizure' } })), az).feedbackStatus).toBeNull();
    expect(toHubAlertView(row(state()), { sub: 'c', agency: 'CCP', role: 'coordinator' }).feedbackStatus).toBeNull();
  });

  it('shows an expired alert as expired', () => {
    expect(toHubAlertView(row(state({ expiresAt: '2026-11-21T00:00:00Z' })), az, [], new Date('2026-11-22T00:00:00Z')).status).toBe('expired');
  });

  it("hides a third agency's feedback from another recipient", () => {
    const tm = { sub: 't', agency: 'TM', role: 'officer' as const };
    expect(toHubAlertView(row(state()), tm, [feedback('AZ')]).feedback).toEqual([]);
    expect(toHubAlertView(row(state()), { sub: 'k', agency: 'KZ', role: 'officer' }, [feedback('AZ')]).feedback).toHaveLength(1);
  });
});
