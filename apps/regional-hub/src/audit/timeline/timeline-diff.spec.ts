import { describe, expect, it } from '@jest/globals';
import type { SignedEvent } from '@cix/contracts';
import { changedFields, timelineEntries, type ReceivedEvent, type TimelineReader } from './timeline-diff.js';

const ID = '0b6f0f4e-3f7e-4a53-9a59-0f3c1e7d2a10';
let position = 0;
const ev = (type: string, payload: unknown, over: Partial<SignedEvent> = {}): ReceivedEvent => {
  position++;
  return {
    agency: 'KZ',
    position,
    eventId: `e${position}`,
    streamId: `alert-${ID}`,
    streamVersion: position,
    type,
    schemaVersion: 1,
    payload,
    metadata: { actor: 'aigerim', agency: 'KZ', unit: 'KZ-AKTAU', role: 'officer', correlationId: 'c' },
    occurredAt: `2026-11-${String(position).padStart(2, '0')}T10:00:00.000Z`,
    recordedAt: `2026-11-${String(position).padStart(2, '0')}T10:00:00.000Z`,
    receivedAt: `2026-11-${String(position).padStart(2, '0')}T10:00:01.000Z`,
    prevHash: '',
    hash: '',
    signature: '',
    keyId: 'k',
    ...over,
  };
};
const content = {
  kind: 'seizure',
  unit: 'KZ-AKTAU',
  occurredAt: '2026-11-01T08:00:00.000Z',
  commodity: { category: 'drugs', description: 'heroin' },
  quantity: { value: 12.5, unit: 'kg' },
  containers: ['CSQU3054383'],
  billOfLading: 'MSKU123456',
  handlingCode: 'H1',
  parties: [{ role: 'driver', name: 'Serik Abenov', isPerson: true }],
};
const reader = (over: Partial<TimelineReader> = {}): TimelineReader => ({
  audienceAgencies: ['AZ', 'KZ', 'TM', 'CCP'],
  showSub: () => true,
  reveal: (v) => v,
  ...over,
});

function history() {
  position = 0;
  const regional = { level: 'regional', recipients: [] };
  const toTm = { level: 'bilateral', recipients: ['TM'] };
  return [
    ev('AlertRaised', {
      alertId: ID,
      agency: 'KZ',
      content,
      distribution: regional,
      feedbackDueAt: '2026-12-01T00:00:00.000Z',
      expiresAt: '2027-02-01T00:00:00.000Z',
    }),
    ev('AlertAmended', { alertId: ID, changes: { quantity: { value: 20, unit: 'kg' } } }),
    ev('AlertAmended', { alertId: ID, changes: { quantity: { value: 25, unit: 'kg' }, billOfLading: null } }),
    ev('AlertDistributionChanged', { alertId: ID, distribution: toTm, previous: regional }),
    ev(
      'FeedbackGiven',
      { feedbackId: 'f', alert: { agency: 'KZ', alertId: ID }, agency: 'TM', outcome: 'not-inspected', reason: 'late' },
      { agency: 'TM', streamId: `feedback-KZ-${ID}`, streamVersion: 1, metadata: { actor: 'merdan', agency: 'TM', correlationId: 'c' } },
    ),
    ev(
      'FeedbackAmended',
      { feedbackId: 'f', alert: { agency: 'KZ', alertId: ID }, agency: 'TM', version: 2, outcome: 'nothing-found' },
      { agency: 'TM', streamId: `feedback-KZ-${ID}`, streamVersion: 2, metadata: { actor: 'merdan', agency: 'TM', correlationId: 'c' } },
    ),
    ev('PersonalDataGranted', { alertId: ID, recipients: ['TM'], legalBasis: 'MoU art. 4' }),
    ev('AlertDistributionChanged', { alertId: ID, distribution: regional, previous: toTm }),
    ev('PersonalDataGrantRevoked', { alertId: ID, agency: 'TM' }),
    ev('AlertClosed', { alertId: ID, reason: 'done' }),
  ];
}

describe('the auditors’ timeline: what each event changed', () => {
  it('gives only the changed fields of each amendment, before and after; a removed field is null after', () => {
    const t = timelineEntries('KZ', history(), reader());
    expect(t[1]).toMatchObject({
      type: 'AlertAmended',
      version: 2,
      before: { quantity: { value: 12.5, unit: 'kg' } },
      after: { quantity: { value: 20, unit: 'kg' } },
    });
    expect(Object.keys(t[1].after)).toEqual(['quantity']);
    expect(t[2].before).toEqual({ quantity: { value: 20, unit: 'kg' }, billOfLading: 'MSKU123456' });
    expect(t[2].after).toEqual({ quantity: { value: 25, unit: 'kg' }, billOfLading: null });
    expect(t[9]).toMatchObject({ type: 'AlertClosed', before: { status: 'open' }, after: { status: 'closed', statusReason: 'done' } });
    expect(t[0].before).toEqual({});
    expect(t[0].after).toMatchObject({ kind: 'seizure', status: 'open', distribution: { level: 'regional' } });
  });

  it('names who gained and who lost access at each distribution change, and at the raise', () => {
    const t = timelineEntries('KZ', history(), reader());
    expect(t[0]).toMatchObject({ gained: ['AZ', 'KZ', 'TM', 'CCP'], lost: [] });
    expect(t[3]).toMatchObject({ before: { distribution: { level: 'regional' } }, after: { distribution: { level: 'bilateral', recipients: ['TM'] } } });
    expect(t[3]).toMatchObject({ gained: [], lost: ['AZ', 'CCP'] });
    expect(t[7]).toMatchObject({ gained: ['AZ', 'CCP'], lost: [] });
    expect(t[1].gained).toBeUndefined();
  });

  it('compares feedback versions per giving agency, and grants per recipient', () => {
    const t = timelineEntries('KZ', history(), reader());
    expect(t[4]).toMatchObject({ type: 'FeedbackGiven', version: 1, before: {}, after: { outcome: 'not-inspected', reason: 'late' } });
    expect(t[5]).toMatchObject({ type: 'FeedbackAmended', version: 2, before: { outcome: 'not-inspected' }, after: { outcome: 'nothing-found' } });
    // The amendment restated no reason: it stays what it was, so it is not a change.
    expect(t[5].after).not.toHaveProperty('reason');
    expect(t[6]).toMatchObject({ before: { personalDataGrants: [] }, after: { personalDataGrants: ['TM'] }, gained: ['TM'], lost: [] });
    expect(t[8]).toMatchObject({ before: { personalDataGrants: ['TM'] }, after: { personalDataGrants: [] }, gained: [], lost: ['TM'] });
    // A grant changes no content: the alert's own fold carries on after it.
    expect(t[9].version).toBe(10);
  });

  it('carries the actor, the node’s and the hub’s times; the subject only where the reader may see it; personal data through the reader', () => {
    const t = timelineEntries(
      'KZ',
      history(),
      reader({ showSub: (e) => e.agency === 'KZ', reveal: (v) => JSON.parse(JSON.stringify(v).replace(/Serik Abenov/g, 'withheld')) }),
    );
    expect(t[0].actor).toEqual({ sub: 'aigerim', unit: 'KZ-AKTAU', agency: 'KZ', role: 'officer' });
    expect(t[4].actor).toEqual({ agency: 'TM' });
    expect(t[0]).toMatchObject({ recordedAt: '2026-11-01T10:00:00.000Z', receivedAt: '2026-11-01T10:00:01.000Z' });
    expect(JSON.stringify(t[0].after)).not.toContain('Abenov');
  });

  it('changedFields compares values, not object identity or key order', () => {
    expect(changedFields({ a: { x: 1, y: 2 }, b: 1 }, { a: { y: 2, x: 1 }, b: 1 })).toEqual({ before: {}, after: {} });
    expect(changedFields({}, { c: 0 })).toEqual({ before: { c: null }, after: { c: 0 } });
  });
});
