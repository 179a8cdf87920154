import { describe, expect, it } from '@jest/globals';
import type { Principal } from '@cix/contracts';
import { canSeeAlert, canSeePersonalData, eventForCaller, payloadForCaller, redactParties, visibilityScope, type SharingFacts } from './alert-visibility.js';

const officer = (agency: string): Principal => ({ sub: `o-${agency}`, agency, role: 'officer' });
const coordinator: Principal = { sub: 'c', agency: 'CCP', role: 'coordinator' };
const auditor = (agency: string): Principal => ({ sub: `a-${agency}`, agency, role: 'auditor' });
const alert = (level: SharingFacts['level'], recipients: string[] = [], agency = 'KZ'): SharingFacts => ({ agency, level, recipients });

describe('who sees which alert', () => {
  it('an officer sees every alert of their own agency, whatever its distribution', () => {
    for (const a of [alert('agency'), alert('bilateral', ['AZ']), alert('regional')]) expect(canSeeAlert(officer('KZ'), a)).toBe(true);
  });

  it('an officer of another agency sees regional alerts and bilateral ones naming them, nothing else', () => {
    expect(canSeeAlert(officer('AZ'), alert('regional'))).toBe(true);
    expect(canSeeAlert(officer('AZ'), alert('bilateral', ['AZ']))).toBe(true);
    expect(canSeeAlert(officer('AZ'), alert('bilateral', ['AZ', 'TM']))).toBe(true);
    expect(canSeeAlert(officer('AZ'), alert('bilateral', ['TM']))).toBe(false);
    expect(canSeeAlert(officer('AZ'), alert('agency'))).toBe(false);
  });

  it('an empty recipient list means nobody but the owner', () => {
    expect(canSeeAlert(officer('AZ'), alert('bilateral', []))).toBe(false);
    expect(canSeeAlert(coordinator, alert('bilateral', []))).toBe(false);
  });

  it('the coordinator sees regional alerts and bilateral ones naming the programme only', () => {
    expect(canSeeAlert(coordinator, alert('regional'))).toBe(true);
    expect(canSeeAlert(coordinator, alert('bilateral', ['CCP']))).toBe(true);
    expect(canSeeAlert(coordinator, alert('bilateral', ['AZ']))).toBe(false);
    expect(canSeeAlert(coordinator, alert('agency'))).toBe(false);
  });

  it('denies by default: wrong agency for a role, unknown role, no principal', () => {
    expect(canSeeAlert({ sub: 'x', agency: 'KZ', role: 'coordinator' }, alert('regional'))).toBe(false);
    expect(canSeeAlert({ sub: 'x', agency: 'CCP', role: 'officer' }, alert('regional'))).toBe(false);
    expect(canSeeAlert({ sub: 'x', agency: 'KZ', role: 'admin' as never }, alert('regional'))).toBe(false);
    expect(canSeeAlert(undefined, alert('regional'))).toBe(false);
    expect(visibilityScope(undefined)).toEqual({ ownAgencies: [], regional: false, bilateralRecipient: null });
  });

  it('a national auditor sees their own agency only; the programme auditor sees what the programme sees', () => {
    expect(canSeeAlert(auditor('KZ'), alert('agency'))).toBe(true);
    expect(canSeeAlert(auditor('AZ'), alert('regional'))).toBe(false);
    expect(canSeeAlert(auditor('CCP'), alert('regional'))).toBe(true);
    expect(canSeeAlert(auditor('CCP'), alert('bilateral', ['AZ']))).toBe(false);
  });
});

describe('personal data', () => {
  const parties = [
    { role: 'shipper' as const, name: 'Kaspiy Trans LLP', isPerson: false },
    { role: 'driver' as const, name: 'Serik Abenov', isPerson: true, nationality: 'KZ', documentNumber: 'N1234567' },
  ];

  it('is shown to the owning agency', () => {
    expect(redactParties(officer('KZ'), alert('regional'), parties)).toEqual(parties);
  });

  it('is withheld from other agencies and the coordinator, companies stay', () => {
    for (const p of [officer('AZ'), coordinator]) {
      const out = redactParties(p, alert('regional'), parties);
      expect(out[0]).toEqual(parties[0]);
      expect(JSON.stringify(out)).not.toContain('Abenov');
      expect(JSON.stringify(out)).not.toContain('N1234567');
    }
  });

  const committed = { content: { parties: [parties[0], { role: 'driver', isPerson: true, personalDataRef: 'pd-1', digest: 'd'.repeat(64) }] } };
  const event = {
    agency: 'KZ',
    position: 1,
    eventId: 'e',
    streamId: 'alert-1',
    streamVersion: 1,
    type: 'AlertRaised',
    schemaVersion: 1,
    payload: committed,
    metadata: { actor: 'o', agency: 'KZ', correlationId: 'c' },
    occurredAt: 't',
    recordedAt: 't',
    prevHash: '0',
    hash: 'h',
    signature: 's',
    keyId: 'k',
    personalData: { 'pd-1': { salt: '00', data: { name: 'Serik Abenov', documentNumber: 'N1234567' } } },
  };

  it('reassembles a committed person for the owner only; others get the withheld marker', () => {
    expect(payloadForCaller(officer('KZ'), alert('regional'), event)).toEqual({
      content: { parties: [parties[0], { role: 'driver', isPerson: true, name: 'Serik Abenov', documentNumber: 'N1234567' }] },
    });
    for (const p of [officer('AZ'), coordinator, auditor('CCP')]) {
      expect(payloadForCaller(p, alert('regional'), event)).toEqual({
        content: { parties: [parties[0], { role: 'driver', isPerson: true, name: '[personal data withheld]', withheld: true }] },
      });
    }
  });

  it('exports without the side record to those without the right, and seals an old event that carries persons inline', () => {
    expect(eventForCaller(auditor('KZ'), alert('regional'), event)).toBe(event);
    const { personalData: _p, ...withheld } = event;
    expect(eventForCaller(auditor('CCP'), alert('regional'), event)).toEqual(withheld);
    const legacy = { ...withheld, payload: { content: { parties } } };
    expect(eventForCaller(auditor('CCP'), alert('regional'), legacy)).toEqual({
      sealed: true,
      agency: 'KZ',
      position: 1,
      eventId: 'e',
      prevHash: '0',
      hash: 'h',
      signature: 's',
      keyId: 'k',
    });
  });

  it('is shown to the officers of a granted agency while they can see the alert; never to its auditors, a third agency or the coordinator', () => {
    const granted = (level: SharingFacts['level'], recipients: string[] = []): SharingFacts => ({ ...alert(level, recipients), personalDataGrantees: ['TM'] });
    expect(redactParties(officer('TM'), granted('regional'), parties)).toEqual(parties);
    expect(redactParties(officer('TM'), granted('bilateral', ['TM']), parties)).toEqual(parties);
    // Granted but no longer shared: the grant gives nothing by itself.
    expect(canSeePersonalData(officer('TM'), granted('bilateral', ['AZ']))).toBe(false);
    for (const p of [officer('AZ'), auditor('TM'), coordinator, auditor('CCP')]) expect(canSeePersonalData(p, granted('regional'))).toBe(false);
    expect(canSeePersonalData(officer('TM'), alert('regional'))).toBe(false);
    expect(payloadForCaller(officer('TM'), granted('regional'), event)).toEqual(payloadForCaller(officer('KZ'), alert('regional'), event));
  });
});
