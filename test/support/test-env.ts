// What global-setup.mjs started, for the suites. Tests talk to real PostgreSQL and nats-server.
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { startNats, type NatsServerTls } from '../../tools/infra/nats.mjs';
import { natsTlsOptions, provisionStreams } from '../../tools/infra/streams.mjs';
import { freePort } from '../../tools/infra/ports.mjs';

export interface DevKeys {
  issuers: Record<string, { key: string; pub: string }>;
  nodes: Record<string, { key: string; pub: string; keyId: string }>;
  hub: { key: string; pub: string; keyId: string };
  authIssuers: string;
  nodePublicKeys: string;
}

const env = process.env;
export const testKeys: DevKeys = JSON.parse(env.CIX_TEST_KEYS!);
export const tmpRoot = env.CIX_TEST_TMP!;

/** A fresh, empty database on the shared test PostgreSQL. */
export async function createDatabase(prefix: string): Promise<string> {
  const name = `${prefix}_${randomBytes(4).toString('hex')}`.toLowerCase();
  const client = new pg.Client({ connectionString: env.CIX_TEST_PG_ADMIN_URL });
  await client.connect();
  await client.query(`CREATE DATABASE ${name}`);
  await client.end();
  return env.CIX_TEST_PG_URL_PREFIX + name;
}

export type TestNats = Awaited<ReturnType<typeof startNats>>;

/**
 * A nats-server of the suite's own, with JetStream and the per-agency users; the agency streams and
 * the hub's consumers are provisioned as the operator, as a deployment does, unless `provision` is false.
 */
export async function startTestNats(agencies = ['AZ', 'KZ', 'TM'], { provision = true, tls }: { provision?: boolean; tls?: NatsServerTls } = {}): Promise<TestNats> {
  const dir = mkdtempSync(path.join(tmpRoot, 'nats-'));
  const nats = await startNats({ dir, port: await freePort(), agencies, admin: true, tls });
  if (provision) await provisionStreams({ url: nats.url, password: nats.users.operator.password, agencies, tls: natsTlsOptions({ caFile: tls?.caFile }) });
  return nats;
}
