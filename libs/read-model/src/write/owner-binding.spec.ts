import { describe, expect, it } from '@jest/globals';
import type { SignedEvent } from '@cix/contracts';
import { alertEventRefusal, feedbackRefusal } from './owner-binding.js';

const ID = '0b6f0f4e-3f7e-4a53-9a59-0f3c1e7d2a10';
const ev = (over: Partial<SignedEvent>): SignedEvent => ({
  agency: 'TM',
  position: 7,
  eventId: 'e',
  streamId: `alert-${ID}`,
  streamVersion: 1,
  type: 'AlertAmended',
  schemaVersion: 1,
  payload: { alertId: ID, changes: {} },
  metadata: { actor: 'a', agency: 'TM', correlationId: 'c' },
  occurredAt: '',
  recordedAt: '',
  prevHash: '',
  hash: '',
  signature: '',
  keyId: 'k',
  ...over,
});

describe('owner binding rules', () => {
  it("lets an agency's event through only for its own, consistently named alert", () => {
    expect(alertEventRefusal(ev({}), 'TM')).toBeNull();
    expect(alertEventRefusal(ev({}), undefined)).toBeNull();
    expect(alertEventRefusal(ev({}), 'AZ')).toBe(`alert ${ID} belongs to AZ; event of TM refused`);
    expect(alertEventRefusal(ev({ payload: { alertId: '11111111-1111-4111-8111-111111111111', changes: {} } }), 'TM')).toMatch(/names alert 1111/);
    expect(alertEventRefusal(ev({ streamId: 'alert-not-a-uuid', payload: { alertId: 'not-a-uuid' } }), undefined)).toMatch(/not an alert stream/);
    expect(alertEventRefusal(ev({ streamId: `feedback-AZ-${ID}` }), undefined)).toMatch(/not an alert stream/);
  });

  it("refuses a repeated raise and a raise or snapshot in another agency's name", () => {
    const raised = ev({ type: 'AlertRaised', payload: { alertId: ID, agency: 'TM' } });
    expect(alertEventRefusal(raised, undefined)).toBeNull();
    expect(alertEventRefusal(raised, 'TM')).toMatch(/already raised by TM/);
    expect(alertEventRefusal(ev({ type: 'AlertRaised', payload: { alertId: ID, agency: 'AZ' } }), undefined)).toMatch(/names agency AZ/);
    const widen = (snapshot: unknown) => ev({ type: 'AlertDistributionChanged', payload: { alertId: ID, distribution: {}, previous: {}, snapshot } });
    expect(alertEventRefusal(widen({ id: ID, agency: 'TM' }), undefined)).toBeNull();
    expect(alertEventRefusal(widen({ id: ID, agency: 'AZ' }), undefined)).toMatch(/snapshot .* of AZ/);
    expect(alertEventRefusal(widen('AZ'), undefined)).toMatch(/snapshot/);
  });

  it("lets feedback attach to the alert of the owner it names, only in the giving agency's name", () => {
    const fb = (alert: unknown, agency = 'TM', streamId = `feedback-AZ-${ID}`) =>
      ev({ type: 'FeedbackGiven', streamId, payload: { feedbackId: 'f', alert, agency, outcome: 'seizure' } });
    const az = { agency: 'AZ', level: 'regional', recipients: [] } as const;
    expect(feedbackRefusal(fb({ agency: 'AZ', alertId: ID }), az)).toBeNull();
    expect(feedbackRefusal(fb({ agency: 'AZ', alertId: ID }), undefined)).toBeNull();
    expect(feedbackRefusal(fb({ agency: 'KZ', alertId: ID }, 'TM', `feedback-KZ-${ID}`), az)).toBe(
      `alert ${ID} belongs to AZ; feedback of TM names KZ; refused`,
    );
    expect(feedbackRefusal(fb({ agency: 'AZ', alertId: ID }, 'KZ'), az)).toBe('feedback of TM states agency KZ; refused');
    expect(feedbackRefusal(fb({ agency: 'KZ', alertId: ID }), undefined)).toMatch(/on stream feedback-AZ-/);
    expect(feedbackRefusal(fb({ agency: 'AZ', alertId: 'x' }, 'TM', 'feedback-AZ-x'), undefined)).toMatch(/refused/);
  });

  it('refuses feedback from an agency the alert is not shared with', () => {
    const fb = ev({
      type: 'FeedbackGiven',
      streamId: `feedback-AZ-${ID}`,
      payload: { feedbackId: 'f', alert: { agency: 'AZ', alertId: ID }, agency: 'TM', outcome: 'seizure' },
    });
    expect(feedbackRefusal(fb, { agency: 'AZ', level: 'bilateral', recipients: ['KZ'] })).toBe(
      `alert ${ID} of AZ is not shared with TM; feedback of TM refused`,
    );
    expect(feedbackRefusal(fb, { agency: 'AZ', level: 'agency', recipients: [] })).toMatch(/not shared with TM/);
    expect(feedbackRefusal(fb, { agency: 'AZ', level: 'bilateral', recipients: ['TM'] })).toBeNull();
  });
});
