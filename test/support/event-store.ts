import { generateKeyPairSync } from 'node:crypto';
import { DataSource } from 'typeorm';
import { EVENT_STORE_MIGRATIONS, EventStore, type SigningKey } from '@cix/event-store';

export const testSigningKey = (): SigningKey => ({ keyId: 'TEST-1', privateKey: generateKeyPairSync('ed25519').privateKey });

/** A migrated event store database, opened the way a node opens it. */
export async function openStore(databaseUrl: string, key: SigningKey, agency = 'KZ'): Promise<{ db: DataSource; store: EventStore }> {
  const db = new DataSource({ type: 'postgres', url: databaseUrl, migrations: EVENT_STORE_MIGRATIONS, migrationsRun: true, extra: { max: 30 } });
  await db.initialize();
  await db.runMigrations();
  return { db, store: new EventStore(db, agency, key) };
}

export const meta = { actor: 'tester', agency: 'KZ', correlationId: 'c-1' };
