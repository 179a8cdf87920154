import { randomUUID, type KeyObject } from 'node:crypto';
import type { JetStreamClient } from '@nats-io/jetstream';
import { eventSubject, GENESIS_HASH } from '@cix/contracts';
import { signEvent } from '@cix/event-store';

const UNITS: Record<string, string> = { AZ: 'AZ-ALYAT', KZ: 'KZ-AKTAU', TM: 'TM-TURKMENBASHI' };

/**
 * Publishes `n` signed, chained AlertRaised events (regional, ~1 KB on the wire) of one agency, as
 * its node's relay would: positions `from`…`from + n - 1`, each event signed with the node's key.
 * Returns the tail (position, hash) so a caller can continue the chain.
 */
export async function publishSignedEvents(
  js: JetStreamClient,
  agency: string,
  key: { keyId: string; privateKey: KeyObject },
  n: number,
  tail = { position: 0, hash: GENESIS_HASH },
): Promise<{ position: number; hash: string }> {
  let prevHash = tail.hash;
  const recordedAt = new Date().toISOString();
  const last = tail.position + n;
  for (let start = tail.position + 1; start <= last; start += 1000) {
    const acks: Promise<unknown>[] = [];
    for (let position = start; position < Math.min(start + 1000, last + 1); position++) {
      const alertId = randomUUID();
      const e = signEvent(
        {
          agency,
          position,
          eventId: randomUUID(),
          streamId: `alert-${alertId}`,
          streamVersion: 1,
          type: 'AlertRaised',
          schemaVersion: 1,
          payload: {
            alertId,
            agency,
            distribution: { level: 'regional', recipients: [] },
            feedbackDueAt: recordedAt,
            expiresAt: '2099-01-01T00:00:00.000Z',
            content: {
              kind: 'seizure',
              unit: UNITS[agency] ?? `${agency}-BENCH`,
              occurredAt: '2026-11-20T08:00:00Z',
              commodity: { category: 'drugs', description: `heroin #${position}`, hsCode: '293911' },
              containers: ['CSQU3054383'],
              parties: [],
              handlingCode: 'H1',
            },
          },
          metadata: { actor: 'bench', agency, correlationId: 'bench' },
          occurredAt: recordedAt,
          recordedAt,
          prevHash,
        },
        key,
      );
      prevHash = e.hash;
      acks.push(js.publish(eventSubject(agency, 'AlertRaised'), JSON.stringify(e), { msgID: e.eventId }));
    }
    await Promise.all(acks);
  }
  return { position: last, hash: prevHash };
}
