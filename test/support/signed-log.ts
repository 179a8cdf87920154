// What the suites that drive the hub's projector directly need: the nodes' real keys, a chained log
// of one agency signed with them, and a migrated hub database to project batches into.
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { DataSource } from 'typeorm';
import { GENESIS_HASH, type EventMetadata, type SignedEvent } from '@cix/contracts';
import { loadSigningKey, signEvent, TrustStore, type SigningKey } from '@cix/event-store';
import { HUB_MIGRATIONS, projectBatch, type BatchResult, type ProjectorOptions } from '@cix/read-model';
import { createDatabase, testKeys } from './test-env.js';

/** Trusts every test node's key, as the hub does. */
export const nodeTrust = new TrustStore();
for (const [a, k] of Object.entries(testKeys.nodes)) nodeTrust.add(a, k.keyId, readFileSync(k.pub));

/** Each test node's real signing key, by agency. */
export const nodeKeys: Record<string, SigningKey> = Object.fromEntries(Object.entries(testKeys.nodes).map(([a, k]) => [a, loadSigningKey(k.key, k.keyId)]));

/** One agency's log, chained and signed with its real key, as its node would publish it; every event it signed kept in order. */
export class SignedLog {
  position = 0;
  hash = GENESIS_HASH;
  readonly events: SignedEvent[] = [];
  /** `metadata` is each event's, a fresh correlation id added. */
  constructor(
    readonly agency: string,
    readonly metadata: Omit<EventMetadata, 'correlationId'> = { actor: 'officer', agency, unit: `${agency}-X` },
  ) {}
  /** Signs the next event of the log; `over` replaces any of its fields before signing. */
  next(streamId: string, streamVersion: number, type: string, payload: unknown, over: Record<string, unknown> = {}): SignedEvent {
    const e = signEvent(
      {
        agency: this.agency,
        position: this.position + 1,
        eventId: randomUUID(),
        streamId,
        streamVersion,
        type,
        schemaVersion: 1,
        payload,
        metadata: { ...this.metadata, correlationId: randomUUID() },
        occurredAt: '2026-11-20T08:00:00.000Z',
        recordedAt: '2026-11-20T08:00:00.000Z',
        prevHash: this.hash,
        ...over,
      },
      nodeKeys[this.agency],
    );
    this.position = e.position;
    this.hash = e.hash;
    this.events.push(e);
    return e;
  }
}

/** A fresh hub database, migrated. */
export async function openHubDatabase(prefix: string): Promise<DataSource> {
  const db = new DataSource({ type: 'postgres', url: await createDatabase(prefix), migrations: HUB_MIGRATIONS });
  await db.initialize();
  await db.runMigrations();
  return db;
}

/** Projects one agency's batch in a transaction of its own (live, into `public`, trusting the test nodes, unless told otherwise). */
export function project(db: DataSource, agency: string, messages: readonly unknown[], o: Partial<ProjectorOptions> = {}): Promise<BatchResult> {
  return db.transaction((tx) => projectBatch(tx.queryRunner!, agency, messages, { schema: 'public', trust: nodeTrust, mode: 'live', ...o }));
}

/** An AlertRaised payload for projector-level tests; `content` replaces any content field. */
export const raisedPayload = (agency: string, alertId: string, content: Record<string, unknown> = {}) => ({
  alertId,
  agency,
  content: {
    kind: 'seizure',
    unit: `${agency}-X`,
    occurredAt: '2026-11-20T08:00:00Z',
    commodity: { category: 'drugs', description: 'd', hsCode: '293911' },
    quantity: { value: 1, unit: 'kg' },
    containers: ['CSQU3054383'],
    parties: [],
    route: { departure: 'AF', transit: ['TM'], destination: 'AZ' },
    handlingCode: 'H1',
    ...content,
  },
  distribution: { level: 'regional', recipients: [] },
  feedbackDueAt: '2026-12-20T08:00:00.000Z',
  expiresAt: '2027-11-20T08:00:00.000Z',
});
