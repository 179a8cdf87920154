// What global-setup.mjs started, for the suites. Tests talk to real PostgreSQL and nats-server.
import { mkdtempSync } from 'node:fs';
import path from 'node:path';
import { randomBytes, randomInt } from 'node:crypto';
import pg from 'pg';
import { startNats, startNatsCluster, type NatsServerTls } from '../../tools/infra/nats.mjs';
import { natsTlsOptions, provisionStreams } from '../../tools/infra/streams.mjs';
import { freePort, isPortFree } from '../../tools/infra/ports.mjs';

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

/**
 * A free loopback port for a server a suite starts itself (nats-server, a PostgreSQL of its own).
 * Suites run in parallel jest workers, and the OS's free-port answer (`freePort`) holds only until
 * the server binds: two workers could be given the same port, or one could get the port a suite
 * released while it restarts its nats-server. Each worker therefore draws from a range of its own,
 * below Linux's ephemeral ports (32768 and up), which the OS never hands out on its own.
 */
export async function testPort(): Promise<number> {
  const worker = Number(env.JEST_WORKER_ID ?? '1');
  const base = 20_000 + ((worker - 1) % 8) * 1_500;
  for (let i = 0; i < 50; i++) {
    const port = base + randomInt(1_500);
    if (await isPortFree(port)) return port;
  }
  return freePort();
}

export type TestNats = Awaited<ReturnType<typeof startNats>>;

/**
 * A nats-server of the suite's own, with JetStream and the per-agency users; the agency streams and
 * the hub's consumers are provisioned as the operator, as a deployment does, unless `provision` is false.
 */
export async function startTestNats(
  agencies = ['AZ', 'KZ', 'TM'],
  { provision = true, tls }: { provision?: boolean; tls?: NatsServerTls } = {},
): Promise<TestNats> {
  const dir = mkdtempSync(path.join(tmpRoot, 'nats-'));
  const nats = await startNats({ dir, port: await testPort(), agencies, admin: true, tls });
  if (provision) await provisionStreams({ url: nats.url, password: nats.users.operator.password, agencies, tls: natsTlsOptions({ caFile: tls?.caFile }) });
  return nats;
}

export type TestNatsCluster = Awaited<ReturnType<typeof startNatsCluster>>;

/**
 * A 3-server NATS cluster of the suite's own (JetStream, routes, a monitoring port per server, the
 * same users as startTestNats), with the agency streams provisioned as R3 by the operator.
 */
export async function startTestNatsCluster(agencies = ['AZ', 'KZ', 'TM'], { size = 3 }: { size?: number } = {}): Promise<TestNatsCluster> {
  const dir = mkdtempSync(path.join(tmpRoot, 'nats-cluster-'));
  const all: number[] = [];
  while (all.length < 3 * size) {
    const p = await testPort();
    if (!all.includes(p)) all.push(p);
  }
  const [client, cluster, http] = [all.slice(0, size), all.slice(size, 2 * size), all.slice(2 * size)];
  const nats = await startNatsCluster({ dir, ports: client, clusterPorts: cluster, httpPorts: http, agencies, admin: true });
  try {
    await provisionStreams({ url: nats.url, password: nats.users.operator.password, agencies, replicas: Math.min(size, 3) });
  } catch (e) {
    await nats.stop();
    throw e;
  }
  return nats;
}
