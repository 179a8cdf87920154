// A small agency log for the integrity specs: `n` events chained from genesis and signed with `key`,
// deterministic ids and times, so a spec can tamper with one and compare verdicts line by line.
import { GENESIS_HASH, type SignedEvent } from '@cix/contracts';
import { signEvent, type SigningKey, type UnsignedEvent } from '../../libs/event-store/src/integrity/event-integrity.js';

/** `fields(i)` adds to or replaces event i's fields (its payload by default is `{ i }`). */
export function signedChain(key: SigningKey, n: number, fields: (i: number) => Partial<UnsignedEvent> = (i) => ({ payload: { i } })): SignedEvent[] {
  const out: SignedEvent[] = [];
  let prevHash = GENESIS_HASH;
  for (let i = 1; i <= n; i++) {
    const e = signEvent(
      {
        agency: 'KZ',
        position: i,
        eventId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        streamId: `s-${i}`,
        streamVersion: 1,
        type: 'T',
        schemaVersion: 1,
        payload: { i },
        metadata: { actor: 'o', agency: 'KZ', correlationId: 'c' },
        occurredAt: '2026-11-20T08:00:00.000Z',
        recordedAt: '2026-11-20T08:00:01.000Z',
        prevHash,
        ...fields(i),
      },
      key,
    );
    prevHash = e.hash;
    out.push(e);
  }
  return out;
}
