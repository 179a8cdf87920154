import { describe, expect, it } from '@jest/globals';
import type { AlertEvent, RecordedAlertEvent } from '../events/alert-event.js';
import { applyAlertEvent, evolve, foldAlertState, type AlertState } from './alert-state.js';

const alertId = '6d1f0c1e-3c4b-4a53-9a57-1f1a2b3c4d5e';
const content = {
  kind: 'seizure',
  unit: 'KZ-AKTAU',
  occurredAt: '2026-11-20T08:00:00Z',
  commodity: { category: 'drugs', description: 'x' },
  containers: [],
  parties: [],
  handlingCode: 'H0',
} as const;
const recorded = (events: AlertEvent[]): RecordedAlertEvent[] =>
  events.map((e, i) => ({ ...e, streamVersion: i + 1, recordedAt: `2026-11-2${i}T00:00:00.000Z`, metadata: { actor: 'kz-officer-1', unit: 'KZ-AKTAU' } }));
const raised: AlertEvent = {
  type: 'AlertRaised',
  payload: {
    alertId,
    agency: 'KZ',
    content,
    distribution: { level: 'agency', recipients: [] },
    feedbackDueAt: '2026-12-01T00:00:00Z',
    expiresAt: '2027-02-01T00:00:00Z',
  },
};
const fold = (events: AlertEvent[]) => recorded(events).reduce<AlertState | null>(evolve, null);

describe('evolve (the alert fold)', () => {
  it('folds each event of the union', () => {
    const s = fold([
      raised,
      { type: 'AlertAmended', payload: { alertId, changes: { locode: 'KZAAU', containers: ['MSCU3079197'] } } },
      {
        type: 'AlertDistributionChanged',
        payload: { alertId, distribution: { level: 'regional', recipients: [] }, previous: { level: 'agency', recipients: [] } },
      },
      { type: 'AlertRenewed', payload: { alertId, expiresAt: '2027-05-01T00:00:00Z' } },
      { type: 'PersonalDataErased', payload: { alertId, refs: ['r'] } },
      { type: 'AlertClosed', payload: { alertId, reason: 'done' } },
      { type: 'AlertAmended', payload: { alertId, changes: { locode: null } } },
    ]);
    expect(s).toMatchObject({ version: 7, status: 'closed', statusReason: 'done', expiresAt: '2027-05-01T00:00:00Z', distribution: { level: 'regional' } });
    expect(s?.content).toEqual({ ...content, containers: ['MSCU3079197'] });
    expect(s?.raisedBy).toEqual({ actor: 'kz-officer-1', unit: 'KZ-AKTAU' });
    expect(fold([raised, { type: 'AlertRetracted', payload: { alertId, reason: 'wrong' } }])).toMatchObject({ status: 'retracted', statusReason: 'wrong' });
  });

  it('folds discoverability: absent means not discoverable, a change bumps the version', () => {
    expect(fold([raised])).not.toHaveProperty('discoverable');
    const p = raised.payload;
    expect(fold([{ type: 'AlertRaised', payload: { ...p, discoverable: true } }])?.discoverable).toBe(true);
    const changed = fold([raised, { type: 'AlertDiscoverabilityChanged', payload: { alertId, discoverable: true } }]);
    expect(changed).toMatchObject({ version: 2, discoverable: true });
  });

  it('learns an alert first seen through a widening snapshot; other events need an alert', () => {
    const snapshot = fold([raised])!;
    const widened = fold([
      {
        type: 'AlertDistributionChanged',
        payload: { alertId, distribution: { level: 'regional', recipients: [] }, previous: snapshot.distribution, snapshot },
      },
    ]);
    expect(widened).toMatchObject({ id: alertId, distribution: { level: 'regional' }, version: 1 });
    expect(fold([{ type: 'AlertClosed', payload: { alertId } }])).toBeNull();
  });

  it('applyAlertEvent/foldAlertState keep folding untyped events the same way; an unknown type only advances the version', () => {
    const events = [
      ...recorded([raised]),
      { type: 'SomethingNewer', payload: {}, streamVersion: 2, recordedAt: '2026-11-29T00:00:00.000Z', metadata: { actor: 'x' } },
    ];
    expect(foldAlertState(events)).toEqual({ ...fold([raised]), version: 2, updatedAt: '2026-11-29T00:00:00.000Z' });
    expect(applyAlertEvent(null, events[1])).toBeNull();
  });

  it('folds personal-data grants: a re-grant replaces the basis, a revocation or a narrowing away from the agency ends it', () => {
    const regional = { level: 'regional', recipients: [] } as const;
    const widen: AlertEvent = { type: 'AlertDistributionChanged', payload: { alertId, distribution: regional, previous: raised.payload.distribution } };
    const grant = (recipients: string[], legalBasis: string): AlertEvent => ({ type: 'PersonalDataGranted', payload: { alertId, recipients, legalBasis } });
    const granted = fold([raised, widen, grant(['TM', 'AZ'], 'MoU art. 5'), grant(['TM'], 'court order 12')]);
    expect(granted?.personalDataGrants).toEqual([
      { agency: 'AZ', legalBasis: 'MoU art. 5', grantedAt: '2026-11-22T00:00:00.000Z' },
      { agency: 'TM', legalBasis: 'court order 12', grantedAt: '2026-11-23T00:00:00.000Z' },
    ]);
    expect(granted?.version).toBe(4);
    const revoked = fold([
      raised,
      widen,
      grant(['TM', 'AZ'], 'MoU'),
      { type: 'PersonalDataGrantRevoked', payload: { alertId, agency: 'AZ', reason: 'case closed' } },
    ]);
    expect(revoked?.personalDataGrants?.map((g) => g.agency)).toEqual(['TM']);
    const narrowed = fold([
      raised,
      widen,
      grant(['TM', 'AZ'], 'MoU'),
      { type: 'AlertDistributionChanged', payload: { alertId, distribution: { level: 'bilateral', recipients: ['TM'] }, previous: regional } },
      { type: 'AlertDistributionChanged', payload: { alertId, distribution: regional, previous: { level: 'bilateral', recipients: ['TM'] } } },
    ]);
    expect(narrowed?.personalDataGrants?.map((g) => g.agency)).toEqual(['TM']);
    expect(fold([raised])).not.toHaveProperty('personalDataGrants');
  });
});
