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
const payload = (agency: string) => ({ feedbackId: 'f', alert: { agency: 'KZ', alertId: 'a1' }, agency, outcome: 'nothing-found' as const });
const feedback = (agency: string): FeedbackRow => ({
  agency,
  outcome: 'nothing-found',
  payload: payload(agency),
  given_at: new Date('2026-11-21T00:00:00Z'),
  version: 1,
  versions: [{ version: 1, givenAt: '2026-11-21T00:00:00.000Z', payload: payload(agency) }],
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

  it('gives every feedback its version and all its versions, oldest first, the current values on top', () => {
    const amended = { ...payload('AZ'), outcome: 'seizure' as const, seizureReportId: 's1', unit: 'AZ-ALYAT' };
    const row2: FeedbackRow = {
      ...feedback('AZ'),
      outcome: 'seizure',
      payload: amended,
      given_at: new Date('2026-11-22T00:00:00Z'),
      version: 2,
      versions: [...feedback('AZ').versions, { version: 2, givenAt: '2026-11-22T00:00:00.000Z', payload: amended }],
    };
    const [f] = toHubAlertView(row(state()), { sub: 'k', agency: 'KZ', role: 'officer' }, [row2]).feedback;
    expect(f).toMatchObject({ agency: 'AZ', outcome: 'seizure', seizureReportId: 's1', version: 2, givenAt: '2026-11-22T00:00:00.000Z' });
    expect(f.versions).toEqual([
      { version: 1, outcome: 'nothing-found', givenAt: '2026-11-21T00:00:00.000Z' },
      { version: 2, outcome: 'seizure', seizureReportId: 's1', givenAt: '2026-11-22T00:00:00.000Z', unit: 'AZ-ALYAT' },
    ]);
  });
});

describe('hub alert view: personal-data grants', () => {
  const person = { role: 'driver' as const, name: 'Serik Abenov', isPerson: true, documentNumber: 'N1' };
  const granted = state({
    content: { ...state().content, parties: [person] },
    personalDataGrants: [{ agency: 'AZ', legalBasis: 'MoU art. 5', grantedAt: '2026-11-20T10:00:00.000Z' }],
  });
  it('shows the persons to a granted agency, the grants to the owner only', () => {
    expect(toHubAlertView(row(granted), az).parties).toEqual([person]);
    expect(toHubAlertView(row(granted), az)).not.toHaveProperty('personalDataGrants');
    expect(toHubAlertView(row(granted), { sub: 'k', agency: 'KZ', role: 'officer' }).personalDataGrants).toEqual(granted.personalDataGrants);
    expect(toHubAlertView(row(granted), { sub: 't', agency: 'TM', role: 'officer' }).parties).toEqual([
      { role: 'driver', name: '[personal data withheld]', isPerson: true, withheld: true },
    ]);
  });
});
