import { describe, expect, it } from '@jest/globals';
import { alertStateShapeProblem } from './alert-state-shape.js';
import type { AlertState } from './alert-state.js';

const state: AlertState = {
  id: '6d1f0c1e-3c4b-4a53-9a57-1f1a2b3c4d5e',
  agency: 'KZ',
  version: 1,
  status: 'open',
  content: {
    kind: 'seizure',
    unit: 'KZ-AKTAU',
    occurredAt: '2026-11-20T08:00:00Z',
    commodity: { category: 'drugs', description: 'heroin', hsCode: '293911' },
    quantity: { value: 12.5, unit: 'kg' },
    containers: ['CSQU3054383'],
    route: { departure: 'AF', transit: ['TM'] },
    parties: [
      { role: 'shipper', name: 'Kaspiy Trans LLP', isPerson: false },
      { role: 'driver', name: '[personal data withheld]', isPerson: true },
    ],
    handlingCode: 'H1',
  },
  distribution: { level: 'regional', recipients: [] },
  raisedAt: '2026-11-20T08:00:00Z',
  raisedBy: { actor: 'a' },
  updatedAt: '2026-11-20T08:00:00Z',
  feedbackDueAt: '2026-11-23T08:00:00Z',
  expiresAt: '2027-02-18T08:00:00Z',
};
const withContent = (patch: Record<string, unknown>) => ({ ...state, content: { ...state.content, ...patch } }) as unknown as AlertState;

describe('shape of a folded alert state, as the hub reads it', () => {
  it('accepts a well-formed state', () => {
    expect(alertStateShapeProblem(state)).toBeNull();
    expect(alertStateShapeProblem({ ...state, discoverable: true })).toBeNull();
  });

  it.each([
    ['parties missing', withContent({ parties: undefined }), 'content.parties is malformed'],
    ['commodity not an object', withContent({ commodity: 'drugs' }), 'content.commodity is not an object'],
    ['containers not a list of strings', withContent({ containers: ['A', 7] }), 'content.containers is malformed'],
    ['quantity not finite', withContent({ quantity: { value: 'NaN', unit: 'kg' } }), 'content.quantity.value is malformed'],
    ['unknown kind', withContent({ kind: 'rumour' }), 'content.kind is malformed'],
    ['a party without a role', withContent({ parties: [{ name: 'x', isPerson: false }] }), 'content.parties[0].role is malformed'],
    ['unparseable date', withContent({ occurredAt: 'yesterday' }), 'content.occurredAt is malformed'],
    ['a date only JavaScript parses (year 0)', withContent({ occurredAt: '0000-01-01T00:00:00Z' }), 'content.occurredAt is malformed'],
    ['a day that does not exist', { ...state, expiresAt: '2027-02-30T08:00:00Z' }, 'alert.expiresAt is malformed'],
    ['a version beyond the int4 column', { ...state, version: 2 ** 31 }, 'alert.version is malformed'],
    ['bad distribution level', { ...state, distribution: { level: 'everyone', recipients: [] } } as unknown as AlertState, 'distribution.level is malformed'],
    ['discoverable not a boolean', { ...state, discoverable: 'yes' } as unknown as AlertState, 'alert.discoverable is malformed'],
    ['grants not a list', { ...state, personalDataGrants: 'TM' } as unknown as AlertState, 'personalDataGrants is not a list'],
    [
      'a grant to a non-agency',
      { ...state, personalDataGrants: [{ agency: 7, legalBasis: 'x', grantedAt: '2026-11-20T08:00:00Z' }] } as unknown as AlertState,
      'personalDataGrants[0].agency is malformed',
    ],
  ])('names the problem: %s', (_what, s, problem) => {
    expect(alertStateShapeProblem(s)).toBe(problem);
  });
});
