import { describe, expect, it } from '@jest/globals';
import {
  DomainError,
  evolve,
  RAISE_ALERT_EXAMPLE,
  ValidationFailed,
  type AlertEvent,
  type AlertRaisedV1,
  type AlertState,
  type OfficerAlertCommand,
  type RaiseAlertRequestDto,
} from '@cix/contracts';
import { ReferenceDataService } from '@cix/platform';
import { decideErasure } from '@cix/contracts';
import { decide, type AlertDecisionContext } from './alert.decider.js';

// Given/when/then for the alert's decider: the past is a list of events folded with the same
// `evolve` the node and the hub use; no database, no clock.

const NOW = new Date('2026-11-30T12:00:00.000Z');
const context: AlertDecisionContext = {
  agency: 'KZ',
  now: NOW,
  reference: ReferenceDataService.load(),
  lifecycle: { FEEDBACK_DUE_HOURS: 72, ALERT_EXPIRY_DAYS: 90 },
};

const officer = { sub: 'kz-officer-1', agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU' } as const;

/** Folds past events as the store would have recorded them, one version each. */
function stateAfter(events: readonly AlertEvent[]): AlertState | null {
  return events.reduce<AlertState | null>(
    (s, e, i) => evolve(s, { ...e, streamVersion: i + 1, recordedAt: NOW.toISOString(), metadata: { actor: officer.sub, unit: officer.unit } }),
    null,
  );
}

const given = (...past: AlertEvent[]) => ({
  when: (command: OfficerAlertCommand, ctx: AlertDecisionContext = context) => {
    const state = stateAfter(past);
    const run = () => decide(command, state, ctx);
    return {
      then(expected: AlertEvent[]): AlertEvent[] {
        const events = run();
        expect(events).toEqual(expected);
        // What is decided must fold: the next decision starts from it.
        expect(stateAfter([...past, ...events])?.version).toBe(past.length + events.length);
        return events;
      },
      thenRefused(code: string, details?: Record<string, unknown>): DomainError {
        let error: unknown;
        try {
          run();
        } catch (e) {
          error = e;
        }
        expect(error).toBeInstanceOf(DomainError);
        const refused = error as DomainError;
        expect(refused.code).toBe(code);
        if (details) expect(refused.details).toEqual(expect.objectContaining(details));
        return refused;
      },
      /** A validation failure listing exactly these rules, by field. */
      thenInvalid(...errors: Array<{ field: string; rule: string }>): void {
        const refused = this.thenRefused('REQUEST.VALIDATION_FAILED');
        expect((refused as ValidationFailed).errors.map(({ field, rule }) => ({ field, rule }))).toEqual(errors);
      },
    };
  },
});

const alertId = '6d1f0c1e-3c4b-4a53-9a57-1f1a2b3c4d5e';
const request = { ...RAISE_ALERT_EXAMPLE, kind: 'seizure', vessel: { name: 'Aktau Star', imo: '9319466', flag: 'KZ' } } as unknown as RaiseAlertRequestDto;
const content = {
  ...Object.fromEntries(Object.entries(request).filter(([k]) => k !== 'distribution')),
  vessel: { name: 'Aktau Star', imo: 'IMO9319466', flag: 'KZ' },
} as unknown as AlertRaisedV1['content'];

const raised = (distribution: AlertRaisedV1['distribution'] = { level: 'bilateral', recipients: ['AZ', 'CCP'] }): AlertEvent => ({
  type: 'AlertRaised',
  payload: { alertId, agency: 'KZ', content, distribution, feedbackDueAt: '2026-12-03T12:00:00.000Z', expiresAt: '2027-02-28T12:00:00.000Z' },
});
const closed: AlertEvent = { type: 'AlertClosed', payload: { alertId } };
const retracted: AlertEvent = { type: 'AlertRetracted', payload: { alertId, reason: 'wrong container' } };
const change = { alertId, expectedVersion: 1, actor: officer };

describe('alert decider: RaiseAlert', () => {
  const raise = { type: 'RaiseAlert', alertId, request, actor: officer } as const;

  it('raises with the stored form of the content, due dates from the configuration and canonical IMO', () => {
    given()
      .when(raise)
      .then([
        {
          type: 'AlertRaised',
          payload: {
            alertId,
            agency: 'KZ',
            content,
            distribution: { level: 'bilateral', recipients: ['AZ', 'CCP'] },
            // The ETA (2026-07-10) is past, so feedback is due 72 h after now; expiry 90 days after now.
            feedbackDueAt: '2026-12-03T12:00:00.000Z',
            expiresAt: '2027-02-28T12:00:00.000Z',
            // Not said in the request: the node's default (off unless DISCOVERABLE_BY_DEFAULT=true).
            discoverable: false,
          },
        },
      ]);
  });

  it('takes discoverability from the request, else from the node default, and keeps it out of the content', () => {
    const asked = decide({ ...raise, request: { ...request, discoverable: true } }, null, context)[0];
    const byDefault = decide(raise, null, { ...context, lifecycle: { ...context.lifecycle, DISCOVERABLE_BY_DEFAULT: 'true' } })[0];
    const refused = decide({ ...raise, request: { ...request, discoverable: false } }, null, {
      ...context,
      lifecycle: { ...context.lifecycle, DISCOVERABLE_BY_DEFAULT: 'true' },
    })[0];
    expect([asked, byDefault, refused].map((e) => (e.payload as AlertRaisedV1).discoverable)).toEqual([true, true, false]);
    expect((asked.payload as AlertRaisedV1).content).not.toHaveProperty('discoverable');
    expect(stateAfter([asked])?.discoverable).toBe(true);
  });

  it('counts the feedback delay from a future ETA', () => {
    const [event] = decide({ ...raise, request: { ...request, eta: '2026-12-10T00:00:00.000Z' } }, null, context);
    expect((event.payload as AlertRaisedV1).feedbackDueAt).toBe('2026-12-13T00:00:00.000Z');
  });

  it('is refused to anyone but an officer of this node', () => {
    given()
      .when({ ...raise, actor: { ...officer, role: 'auditor' } })
      .thenRefused('AUTH.FORBIDDEN');
    given()
      .when({ ...raise, actor: { ...officer, agency: 'AZ' } })
      .thenRefused('AUTH.FORBIDDEN');
  });

  it('refuses a unit of another agency or of another unit than the token, and bad codes and recipients', () => {
    given()
      .when({ ...raise, request: { ...request, unit: 'AZ-ALYAT' } })
      .thenInvalid({ field: 'unit', rule: 'unitOfAgency' });
    given()
      .when({ ...raise, request: { ...request, unit: 'KZ-KURYK' } })
      .thenInvalid({ field: 'unit', rule: 'unitOfCaller' });
    given()
      .when({
        ...raise,
        request: {
          ...request,
          commodity: { category: 'gold', description: 'bars' },
          distribution: { level: 'bilateral', recipients: ['KZ', 'XX'] },
        },
      })
      .thenInvalid(
        { field: 'commodity.category', rule: 'referenceData' },
        { field: 'distribution.recipients[0]', rule: 'notOwnAgency' },
        { field: 'distribution.recipients[1]', rule: 'knownAgency' },
      );
  });

  it('refuses an id that already has a stream', () => {
    given(raised()).when(raise).thenRefused('STREAM.VERSION_CONFLICT', { currentVersion: 1 });
  });

  it('refuses a container check digit until the officer confirms it, then stores the number as given', () => {
    const misread = { ...request, containers: ['CSQU3054383', 'CSQU3054384'] } as RaiseAlertRequestDto;
    const refused = given()
      .when({ ...raise, request: misread })
      .thenRefused('REQUEST.VALIDATION_FAILED') as ValidationFailed;
    expect(refused.errors).toEqual([expect.objectContaining({ field: 'containers[1]', rule: 'checkDigit', confirmable: true })]);
    const [event] = decide({ ...raise, request: { ...misread, acknowledgedWarnings: ['containers.checkDigit'] } }, null, context);
    expect((event.payload as AlertRaisedV1).content.containers).toEqual(['CSQU3054383', 'CSQU3054384']);
    expect((event.payload as AlertRaisedV1).content).not.toHaveProperty('acknowledgedWarnings');
  });
});

describe('alert decider: AmendAlert', () => {
  const amend = (changes: Record<string, unknown>, expectedVersion = 1) => ({ type: 'AmendAlert', ...change, expectedVersion, changes }) as const;

  it('records only the fields that change, in their stored form; null removes an optional field', () => {
    given(raised())
      .when(amend({ containers: ['MSCU3079197', 'MSCU3079197', 'TGHU1234567'], quantity: { value: 12.5, unit: 'kg' }, billOfLading: null }))
      .then([{ type: 'AlertAmended', payload: { alertId, changes: { containers: ['MSCU3079197', 'TGHU1234567'], billOfLading: null } } }]);
  });

  it('may be done by another unit of the same agency', () => {
    given(raised())
      .when({ ...amend({ notes: undefined, recommendedAction: 'hold' }), actor: { ...officer, unit: 'KZ-KURYK' } })
      .then([{ type: 'AlertAmended', payload: { alertId, changes: { recommendedAction: 'hold' } } }]);
  });

  it('refuses an unknown alert, a stale version, a closed or retracted alert, and a non-officer', () => {
    given()
      .when(amend({ recommendedAction: 'hold' }))
      .thenRefused('RESOURCE.NOT_FOUND');
    given(raised(), closed)
      .when(amend({ recommendedAction: 'hold' }))
      .thenRefused('STREAM.VERSION_CONFLICT', { currentVersion: 2 });
    given(raised(), closed)
      .when(amend({ recommendedAction: 'hold' }, 2))
      .thenRefused('ALERT.INVALID_STATE', { currentStatus: 'closed' });
    given(raised(), retracted)
      .when(amend({ recommendedAction: 'hold' }, 2))
      .thenRefused('ALERT.INVALID_STATE', { currentStatus: 'retracted' });
    given(raised())
      .when({ ...amend({ recommendedAction: 'hold' }), actor: { ...officer, role: 'coordinator' } })
      .thenRefused('AUTH.FORBIDDEN');
  });

  it('refuses removing a required field, a change that changes nothing, and content a new report could not have', () => {
    given(raised())
      .when(amend({ containers: null, commodity: null }))
      .thenInvalid({ field: 'changes.commodity', rule: 'required' }, { field: 'changes.containers', rule: 'required' });
    given(raised())
      .when(amend({ billOfLading: RAISE_ALERT_EXAMPLE.billOfLading }))
      .thenInvalid({ field: 'changes', rule: 'noChange' });
    given(raised())
      .when(amend({ detectionMethod: 'dowsing' }))
      .thenInvalid({ field: 'changes.detectionMethod', rule: 'referenceData' });
  });
});

describe('alert decider: ChangeDistribution', () => {
  const distribute = (distribution: { level: 'agency' | 'bilateral' | 'regional'; recipients?: string[] }, expectedVersion = 1) =>
    ({ type: 'ChangeDistribution', ...change, expectedVersion, distribution }) as const;

  it('widening from agency carries the alert as it stands, for a hub that saw only sealed stubs', () => {
    const past = [raised({ level: 'agency', recipients: [] })];
    given(...past)
      .when(distribute({ level: 'regional' }))
      .then([
        {
          type: 'AlertDistributionChanged',
          payload: { alertId, distribution: { level: 'regional', recipients: [] }, previous: { level: 'agency', recipients: [] }, snapshot: stateAfter(past)! },
        },
      ]);
  });

  it('narrows without a snapshot, sorts and dedupes recipients, and is allowed on a closed alert', () => {
    given(raised(), closed)
      .when(distribute({ level: 'bilateral', recipients: ['TM', 'AZ', 'TM'] }, 2))
      .then([
        {
          type: 'AlertDistributionChanged',
          payload: { alertId, distribution: { level: 'bilateral', recipients: ['AZ', 'TM'] }, previous: { level: 'bilateral', recipients: ['AZ', 'CCP'] } },
        },
      ]);
  });

  it('refuses the same distribution, recipients outside bilateral, unknown or own agencies', () => {
    given(raised())
      .when(distribute({ level: 'bilateral', recipients: ['CCP', 'AZ'] }))
      .thenInvalid({ field: 'level', rule: 'noChange' });
    given(raised())
      .when(distribute({ level: 'regional', recipients: ['AZ'] }))
      .thenInvalid({ field: 'recipients', rule: 'onlyForBilateral' });
    given(raised())
      .when(distribute({ level: 'bilateral', recipients: ['XX', 'KZ'] }))
      .thenInvalid({ field: 'recipients[0]', rule: 'knownAgency' }, { field: 'recipients[1]', rule: 'notOwnAgency' });
  });

  it('refuses a retracted alert, a stale version and a non-officer', () => {
    given(raised(), retracted)
      .when(distribute({ level: 'regional' }, 2))
      .thenRefused('ALERT.INVALID_STATE', { currentStatus: 'retracted' });
    given(raised())
      .when(distribute({ level: 'regional' }, 3))
      .thenRefused('STREAM.VERSION_CONFLICT', { currentVersion: 1 });
    given(raised())
      .when({ ...distribute({ level: 'regional' }), actor: { ...officer, agency: 'TM' } })
      .thenRefused('AUTH.FORBIDDEN');
  });
});

describe('alert decider: GrantPersonalData, RevokePersonalDataGrant', () => {
  const grant = (recipients: string[], legalBasis = 'MoU art. 5', expectedVersion = 1) =>
    ({ type: 'GrantPersonalData', ...change, expectedVersion, recipients, legalBasis }) as const;
  const revoke = (agency: string, expectedVersion = 2, reason?: string) =>
    ({ type: 'RevokePersonalDataGrant', ...change, expectedVersion, agency, reason }) as const;
  const granted: AlertEvent = { type: 'PersonalDataGranted', payload: { alertId, recipients: ['AZ'], legalBasis: 'MoU art. 5' } };

  it('grants agencies that can see the alert, sorted and deduplicated, also on a closed alert', () => {
    given(raised({ level: 'regional', recipients: [] }))
      .when(grant(['TM', 'AZ', 'TM']))
      .then([{ type: 'PersonalDataGranted', payload: { alertId, recipients: ['AZ', 'TM'], legalBasis: 'MoU art. 5' } }]);
    given(raised(), closed)
      .when(grant(['AZ'], 'court order', 2))
      .then([{ type: 'PersonalDataGranted', payload: { alertId, recipients: ['AZ'], legalBasis: 'court order' } }]);
  });

  it('refuses agencies that cannot see the alert, the programme, the own agency and a grant already held', () => {
    given(raised())
      .when(grant(['TM', 'CCP', 'KZ', 'XX']))
      .thenInvalid(
        { field: 'recipients', rule: 'canSeeAlert' },
        { field: 'recipients', rule: 'notOwnAgency' },
        { field: 'recipients', rule: 'canSeeAlert' },
        { field: 'recipients', rule: 'canSeeAlert' },
      );
    given(raised({ level: 'agency', recipients: [] }))
      .when(grant(['AZ']))
      .thenInvalid({ field: 'recipients', rule: 'canSeeAlert' });
    given(raised(), granted)
      .when(grant(['AZ'], 'MoU art. 5', 2))
      .thenInvalid({ field: 'recipients', rule: 'noChange' });
  });

  it('refuses a retracted alert, a stale version and a non-officer', () => {
    given(raised(), retracted)
      .when(grant(['AZ'], 'x', 2))
      .thenRefused('ALERT.INVALID_STATE', { currentStatus: 'retracted' });
    given(raised())
      .when(grant(['AZ'], 'x', 5))
      .thenRefused('STREAM.VERSION_CONFLICT', { currentVersion: 1 });
    given(raised())
      .when({ ...grant(['AZ']), actor: { ...officer, role: 'auditor' } })
      .thenRefused('AUTH.FORBIDDEN');
  });

  it('revokes a grant held, even on a retracted alert; an agency without one is refused', () => {
    given(raised(), granted)
      .when(revoke('AZ', 2, 'case closed'))
      .then([{ type: 'PersonalDataGrantRevoked', payload: { alertId, agency: 'AZ', reason: 'case closed' } }]);
    given(raised(), granted, retracted)
      .when(revoke('AZ', 3))
      .then([{ type: 'PersonalDataGrantRevoked', payload: { alertId, agency: 'AZ' } }]);
    given(raised(), granted).when(revoke('TM')).thenInvalid({ field: 'agency', rule: 'notGranted' });
  });
});

describe('alert decider: CloseAlert, RetractAlert, RenewAlert', () => {
  it('closes with or without a reason (none is not stored as empty)', () => {
    given(raised())
      .when({ type: 'CloseAlert', ...change, reason: 'inspected' })
      .then([{ type: 'AlertClosed', payload: { alertId, reason: 'inspected' } }]);
    given(raised())
      .when({ type: 'CloseAlert', ...change })
      .then([{ type: 'AlertClosed', payload: { alertId } }]);
  });

  it('refuses to close a closed or retracted alert or at a stale version', () => {
    given(raised(), closed)
      .when({ type: 'CloseAlert', ...change, expectedVersion: 2 })
      .thenRefused('ALERT.INVALID_STATE', { currentStatus: 'closed' });
    given(raised(), retracted)
      .when({ type: 'CloseAlert', ...change, expectedVersion: 2 })
      .thenRefused('ALERT.INVALID_STATE', { currentStatus: 'retracted' });
    given(raised(), closed)
      .when({ type: 'CloseAlert', ...change })
      .thenRefused('STREAM.VERSION_CONFLICT', { currentVersion: 2 });
  });

  it('retracts an open or a closed alert, with its reason', () => {
    given(raised())
      .when({ type: 'RetractAlert', ...change, reason: 'wrong container' })
      .then([retracted]);
    given(raised(), closed)
      .when({ type: 'RetractAlert', ...change, expectedVersion: 2, reason: 'wrong container' })
      .then([retracted]);
  });

  it('refuses to retract twice, an unknown alert, and for a non-officer', () => {
    given(raised(), retracted)
      .when({ type: 'RetractAlert', ...change, expectedVersion: 2, reason: 'again' })
      .thenRefused('ALERT.INVALID_STATE', { currentStatus: 'retracted' });
    given()
      .when({ type: 'RetractAlert', ...change, reason: 'wrong container' })
      .thenRefused('RESOURCE.NOT_FOUND');
    given(raised())
      .when({ type: 'RetractAlert', ...change, reason: 'x', actor: { ...officer, role: 'auditor' } })
      .thenRefused('AUTH.FORBIDDEN');
  });

  it('renews for the configured days from now, also once expired (expiry is derived, it refuses nothing)', () => {
    const later = { ...context, now: new Date('2027-06-01T00:00:00.000Z') };
    given(raised())
      .when({ type: 'RenewAlert', ...change }, later)
      .then([{ type: 'AlertRenewed', payload: { alertId, expiresAt: '2027-08-30T00:00:00.000Z' } }]);
  });

  it('refuses to renew a closed or retracted alert or at a stale version', () => {
    given(raised(), closed)
      .when({ type: 'RenewAlert', ...change, expectedVersion: 2 })
      .thenRefused('ALERT.INVALID_STATE', { currentStatus: 'closed' });
    given(raised(), retracted)
      .when({ type: 'RenewAlert', ...change, expectedVersion: 2 })
      .thenRefused('ALERT.INVALID_STATE', { currentStatus: 'retracted' });
    given(raised())
      .when({ type: 'RenewAlert', ...change, expectedVersion: 0 })
      .thenRefused('STREAM.VERSION_CONFLICT', { currentVersion: 1 });
  });
});

describe('alert decider: ErasePersonalData', () => {
  it('names only the erased reference, whatever the state of the alert', () => {
    const events = decideErasure({ type: 'ErasePersonalData', alertId, ref: 'pd-1' });
    expect(events).toEqual([{ type: 'PersonalDataErased', payload: { alertId, refs: ['pd-1'] } }]);
    const after = stateAfter([raised(), retracted, ...events]);
    expect(after).toMatchObject({ version: 3, status: 'retracted' });
  });
});
