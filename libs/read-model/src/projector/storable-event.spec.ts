import { describe, expect, it } from '@jest/globals';
import type { WireEvent } from '@cix/contracts';
import { storableText } from '../write/quarantine.js';
import { storageProblem } from './storable-event.js';

const event = (over: Record<string, unknown> = {}, payload: unknown = { note: 'ok' }) =>
  ({
    agency: 'KZ',
    position: 1,
    eventId: '0b6c5b1e-3f5d-4d3a-9c1e-2f1a8f0e7c11',
    streamId: 'alert-x',
    streamVersion: 1,
    type: 'AlertRaised',
    schemaVersion: 1,
    payload,
    metadata: { actor: 'a', agency: 'KZ', correlationId: 'c' },
    occurredAt: '2026-11-20T08:00:00.000Z',
    recordedAt: '2026-11-20T08:00:00.000Z',
    prevHash: '0'.repeat(64),
    hash: '1'.repeat(64),
    signature: 's',
    keyId: 'k',
    ...over,
  }) as unknown as WireEvent;

describe('what PostgreSQL cannot store is found before any write', () => {
  it('takes a well-formed event, emoji (surrogate pairs) and a literal backslash-u included', () => {
    expect(storageProblem(event())).toBeNull();
    expect(storageProblem(event({}, { note: '😀 \\u0000 \\\\ud800' }))).toBeNull();
    expect(storageProblem(event({ streamVersion: 2 ** 31 - 1, recordedAt: '2026-11-20' }))).toBeNull();
  });

  it.each([
    ['a NUL deep in the payload', event({}, { a: [{ b: 'x\u0000' }] }), /NUL/],
    ['a NUL in a key', event({}, { 'k\u0000': 1 }), /NUL/],
    ['a lone high surrogate', event({}, { note: 'a\ud800' }), /surrogate/],
    ['a lone low surrogate after an escaped backslash', event({}, { note: '\\\udc00' }), /surrogate/],
    ['a non-UUID eventId', event({ eventId: 'not-a-uuid' }), /eventId/],
    ['a recordedAt only JavaScript parses', event({ recordedAt: '1' }), /recordedAt/],
    ['an occurredAt in year 0', event({ occurredAt: '0000-01-01T00:00:00Z' }), /occurredAt/],
    ['a streamVersion beyond int4', event({ streamVersion: 2 ** 31 }), /streamVersion/],
    ['a streamVersion of 0', event({ streamVersion: 0 }), /streamVersion/],
  ])('refuses %s', (_name, e, reason) => {
    expect(storageProblem(e)).toMatch(reason);
  });

  it('a sealed stub needs only a storable id', () => {
    const stub = { sealed: true, agency: 'KZ', position: 1, eventId: 'x', prevHash: '0'.repeat(64), hash: '1'.repeat(64), signature: 's', keyId: 'k' };
    expect(storageProblem(stub as WireEvent)).toMatch(/eventId/);
    expect(storageProblem({ ...stub, eventId: '0b6c5b1e-3f5d-4d3a-9c1e-2f1a8f0e7c11' } as WireEvent)).toBeNull();
  });

  it('a refusal reason quoting such text is stored without NUL, lone surrogates replaced', () => {
    expect(storableText('event of KZ\u0000 on \ud800KZ 😀')).toBe('event of KZ on \ufffdKZ 😀');
  });
});
