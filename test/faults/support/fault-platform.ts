// The platform of a fault case (K6, issue 15): PostgreSQL databases, nats-server(s), the three
// national nodes and the hub(s) as REAL child processes built into dist/ (`npm run test:faults`
// builds first), on loopback ports from the worker's range.
//
//   const p = await startFaultPlatform({ agencies?, hubReplicas?, nats?: 'single' | 'cluster',
//                                        postgres?: 'shared' | 'own', nodeEnv?, hubEnv?, nodeArgs?, clockOffsetMs?: {KZ: 600_000} });
//   p.hub / p.hubs[i] / p.nodes.KZ    process handles {url, pid, kill(signal), stop(), start(), restart()} (processes.ts)
//   p.nats.servers[i]                 nats-server handles {url, pid, kill(signal), stop(), start(), restart()}
//   p.postgres                        {kind: 'shared'|'own', adminUrl, stop(), start(), restart(), pid()} (stop/start: own only)
//   p.databases.hub / .nodes.KZ       database URLs;  p.query(url, sql, params) runs SQL on one
//   p.tokens.officer('KZ'), .auditor('KZ'), .coordinator   bearer tokens (fresh for the run)
//   p.operator()                      a NATS connection as the operator (what tools/infra/streams.mjs uses)
//   await p.close()                   stops everything (and SIGKILLs what does not stop), copies the logs; call it in afterAll
//
// `nats: 'cluster'` calls `startNatsCluster` from tools/infra/nats.mjs (the `cluster` task provides it:
// `({ dir, ports, agencies, admin }) => { url, users, servers: [{url, stop, start, process}], stop }`);
// `hubReplicas: n` starts n hub processes on one database (HUB_REPLICA_ID hub-1…hub-n; nodes ask hub-1).
import { cpSync, existsSync, mkdtempSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { ChildProcess } from 'node:child_process';
import pg from 'pg';
import { connect, type NatsConnection } from '@nats-io/transport-node';
import { issueToken } from '@cix/auth';
import { natsInboxPrefix } from '@cix/contracts';
import * as natsInfra from '../../../tools/infra/nats.mjs';
import { startPostgres, type RunningPostgres } from '../../../tools/infra/postgres.mjs';
import { provisionStreams } from '../../../tools/infra/streams.mjs';
import { createDatabase, testKeys, testPort, tmpRoot } from '../../support/test-env.js';
import { killAll, onEmergencyCleanup, repoRoot, spawnService, type ProcessHandle } from './processes.js';

export const UNITS: Record<string, string> = { AZ: 'AZ-ALYAT', KZ: 'KZ-AKTAU', TM: 'TM-TURKMENBASHI' };

export interface FaultPlatformOptions {
  /** The case's name: its processes' logs are copied to test-artifacts/faults/<name>/ at close. */
  name?: string;
  agencies?: string[];
  hubReplicas?: number;
  nats?: 'single' | 'cluster';
  /** `own`: a PostgreSQL of the case's own that it may stop and restart (default: the shared test PostgreSQL). */
  postgres?: 'shared' | 'own';
  /** Extra settings for every node (or per agency). */
  nodeEnv?: Record<string, string> | ((agency: string) => Record<string, string>);
  hubEnv?: Record<string, string> | ((replica: number) => Record<string, string>);
  /** Node.js arguments per agency (before the script), e.g. `--import` of a test preload. */
  nodeArgs?: (agency: string) => string[];
  /** A node's wall clock this far ahead (negative: behind), through the test-only preload clock-offset.mjs. */
  clockOffsetMs?: Partial<Record<string, number>>;
}

export interface ServerHandle {
  readonly url: string;
  readonly pid: number | undefined;
  kill(signal?: NodeJS.Signals): Promise<void>;
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
}

export interface FaultNats {
  readonly url: string;
  readonly users: Record<string, { user: string; password: string }>;
  readonly servers: ServerHandle[];
  stop(): Promise<void>;
}

export interface FaultPostgres {
  readonly kind: 'shared' | 'own';
  readonly adminUrl: string;
  /** The postmaster's pid (own PostgreSQL only). */
  pid(): number | undefined;
  stop(): Promise<void>;
  start(): Promise<void>;
  restart(): Promise<void>;
}

export interface FaultPlatform {
  readonly agencies: string[];
  readonly dir: string;
  readonly nats: FaultNats;
  readonly postgres: FaultPostgres;
  readonly hubs: ProcessHandle[];
  readonly hub: ProcessHandle;
  readonly nodes: Record<string, ProcessHandle>;
  readonly databases: { hub: string; nodes: Record<string, string> };
  readonly tokens: { officer(agency: string): string; auditor(agency: string): string; readonly coordinator: string };
  query<T = Record<string, unknown>>(databaseUrl: string, text: string, params?: unknown[]): Promise<T[]>;
  operator(): Promise<NatsConnection>;
  close(): Promise<void>;
}

/** Wraps a nats-server child (from tools/infra) as a handle a case can signal. */
function natsServerHandle(url: string, server: { stop(): Promise<void>; start(): Promise<void>; readonly process: ChildProcess }): ServerHandle {
  const h: ServerHandle = {
    url,
    get pid() {
      const c = server.process;
      return c && c.exitCode === null && c.signalCode === null ? c.pid : undefined;
    },
    async kill(signal: NodeJS.Signals = 'SIGKILL') {
      const c = server.process;
      if (!c || c.exitCode !== null || c.signalCode !== null) return;
      const exited = new Promise((r) => c.once('exit', r));
      c.kill(signal);
      if (signal === 'SIGKILL' || signal === 'SIGTERM') {
        if (signal === 'SIGTERM') c.kill('SIGCONT');
        await exited;
      }
    },
    async stop() {
      server.process?.kill('SIGCONT');
      await server.stop();
    },
    start: () => server.start(),
    async restart() {
      await h.stop();
      await h.start();
    },
  };
  return h;
}

type ClusterStarter = (o: { dir: string; ports: number[]; agencies: string[]; admin?: boolean }) => Promise<{
  url: string;
  users: Record<string, { user: string; password: string }>;
  servers: Array<{ url: string; stop(): Promise<void>; start(): Promise<void>; readonly process: ChildProcess }>;
  stop(): Promise<void>;
}>;

async function startFaultNats(dir: string, agencies: string[], mode: 'single' | 'cluster'): Promise<FaultNats> {
  if (mode === 'cluster') {
    const startCluster = (natsInfra as unknown as { startNatsCluster?: ClusterStarter }).startNatsCluster;
    if (typeof startCluster !== 'function') throw new Error("nats: 'cluster' needs startNatsCluster in tools/infra/nats.mjs (task `cluster`)");
    const ports = [await testPort(), await testPort(), await testPort()];
    const cluster = await startCluster({ dir: path.join(dir, 'nats'), ports, agencies, admin: true });
    const servers = cluster.servers.map((s) => natsServerHandle(s.url, s));
    for (const s of cluster.servers) onEmergencyCleanup(() => s.process?.kill('SIGKILL'));
    await provisionStreams({ url: cluster.url, password: cluster.users.operator.password, agencies, replicas: 3 });
    return { url: cluster.url, users: cluster.users, servers, stop: () => cluster.stop() };
  }
  const nats = await natsInfra.startNats({ dir: path.join(dir, 'nats'), port: await testPort(), agencies, admin: true });
  onEmergencyCleanup(() => nats.process?.kill('SIGKILL'));
  await provisionStreams({ url: nats.url, password: nats.users.operator.password, agencies });
  const server = natsServerHandle(nats.url, nats);
  return { url: nats.url, users: nats.users, servers: [server], stop: () => server.stop() };
}

async function startFaultPostgres(dir: string, mode: 'shared' | 'own'): Promise<FaultPostgres & { createDatabase(prefix: string): Promise<string> }> {
  if (mode === 'shared') {
    const refuse = () => Promise.reject(new Error("the shared test PostgreSQL is not the case's to stop: startFaultPlatform({ postgres: 'own' })"));
    return { kind: 'shared', adminUrl: process.env.CIX_TEST_PG_ADMIN_URL!, pid: () => undefined, stop: refuse, start: refuse, restart: refuse, createDatabase };
  }
  const dataDir = path.join(dir, 'postgres');
  const port = await testPort();
  const settings = ['max_connections=200'];
  let running: RunningPostgres | null = await startPostgres({ dataDir, port, fast: true, settings });
  const pidOf = () => {
    try {
      return Number(readFileSync(path.join(dataDir, 'postmaster.pid'), 'utf8').split('\n')[0]) || undefined;
    } catch {
      return undefined;
    }
  };
  onEmergencyCleanup(() => {
    const pid = pidOf();
    if (pid) process.kill(pid, 'SIGQUIT'); // immediate shutdown of the postmaster and its backends
  });
  const own = {
    kind: 'own' as const,
    adminUrl: running.adminUrl,
    pid: pidOf,
    async stop() {
      await running?.stop();
      running = null;
    },
    async start() {
      running ??= await startPostgres({ dataDir, port, fast: true, settings });
    },
    async restart() {
      await own.stop();
      await own.start();
    },
    async createDatabase(prefix: string) {
      const name = `${prefix}_${Math.random().toString(16).slice(2, 10)}`.toLowerCase();
      const client = new pg.Client({ connectionString: own.adminUrl });
      await client.connect();
      await client.query(`CREATE DATABASE ${name}`);
      await client.end();
      return running!.url(name);
    },
  };
  return own;
}

export async function startFaultPlatform(o: FaultPlatformOptions = {}): Promise<FaultPlatform> {
  const agencies = o.agencies ?? ['AZ', 'KZ', 'TM'];
  const replicas = o.hubReplicas ?? 1;
  const dir = mkdtempSync(path.join(tmpRoot, 'fault-'));
  const logDir = path.join(dir, 'logs');
  const pools = new Map<string, pg.Pool>();
  const cleanups: Array<() => Promise<void>> = [];
  const close = async () => {
    for (const f of cleanups.reverse()) await f().catch(() => undefined);
    for (const p of pools.values()) await p.end().catch(() => undefined);
    killAll();
    if (o.name && existsSync(logDir)) cpSync(logDir, path.join(repoRoot, 'test-artifacts', 'faults', o.name), { recursive: true, force: true });
  };
  try {
    const postgres = await startFaultPostgres(dir, o.postgres ?? 'shared');
    if (postgres.kind === 'own') cleanups.push(() => postgres.stop());
    const nats = await startFaultNats(dir, agencies, o.nats ?? 'single');
    cleanups.push(() => nats.stop());
    const databases = {
      hub: await postgres.createDatabase('fault_hub'),
      nodes: Object.fromEntries(await Promise.all(agencies.map(async (a) => [a, await postgres.createDatabase(`fault_node_${a}`)] as const))),
    };
    const hubPorts = await Promise.all(Array.from({ length: replicas }, () => testPort()));
    const hubUrl = `http://127.0.0.1:${hubPorts[0]}`;
    const common = { LOG_LEVEL: 'warn', RATE_LIMIT_WRITES: '0', RATE_LIMIT_EXPORTS: '0', RATE_LIMIT_AUTH_FAILURES: '0', DOCS_ENABLED: 'false' };
    const hubs = hubPorts.map((port, i) =>
      spawnService({
        label: replicas > 1 ? `hub-${i + 1}` : 'hub',
        entry: 'regional-hub',
        port,
        logDir,
        env: {
          ...common,
          DATABASE_URL: databases.hub,
          NATS_URL: nats.url,
          NATS_USER: nats.users.hub.user,
          NATS_PASSWORD: nats.users.hub.password,
          AUTH_ISSUERS: testKeys.authIssuers,
          NODE_PUBLIC_KEYS: testKeys.nodePublicKeys,
          HUB_AGENCIES: agencies.join(','),
          HUB_SIGNING_KEY_FILE: testKeys.hub.key,
          HUB_SIGNING_KEY_ID: testKeys.hub.keyId,
          HUB_CURSOR_KEY: 'ab'.repeat(32),
          ...(replicas > 1 ? { HUB_REPLICA_ID: `hub-${i + 1}` } : {}),
          ...(typeof o.hubEnv === 'function' ? o.hubEnv(i) : o.hubEnv),
        },
      }),
    );
    cleanups.push(async () => {
      for (const h of hubs) await h.stop();
    });
    // One at a time: the first runs the migrations the others would race on.
    for (const h of hubs) await h.start();
    const nodes: Record<string, ProcessHandle> = {};
    for (const a of agencies) {
      nodes[a] = spawnService({
        label: `node-${a}`,
        entry: 'national-node',
        port: await testPort(),
        logDir,
        nodeArgs: [
          ...(o.clockOffsetMs?.[a] ? ['--import', path.join(repoRoot, 'test', 'faults', 'support', 'clock-offset.mjs')] : []),
          ...(o.nodeArgs?.(a) ?? []),
        ],
        env: {
          ...common,
          AGENCY: a,
          DATABASE_URL: databases.nodes[a],
          NATS_URL: nats.url,
          NATS_USER: nats.users[a].user,
          NATS_PASSWORD: nats.users[a].password,
          AUTH_ISSUERS: testKeys.authIssuers,
          NODE_SIGNING_KEY_FILE: testKeys.nodes[a].key,
          NODE_SIGNING_KEY_ID: testKeys.nodes[a].keyId,
          HUB_URL: hubUrl,
          ...(o.clockOffsetMs?.[a] ? { CIX_TEST_CLOCK_OFFSET_MS: String(o.clockOffsetMs[a]) } : {}),
          ...(typeof o.nodeEnv === 'function' ? o.nodeEnv(a) : o.nodeEnv),
        },
      });
    }
    cleanups.push(async () => {
      for (const n of Object.values(nodes)) await n.stop();
    });
    await Promise.all(Object.values(nodes).map((n) => n.start()));

    const key = (a: string) => readFileSync(testKeys.issuers[a].key);
    const officers = Object.fromEntries(
      await Promise.all(agencies.map(async (a) => [a, await issueToken(key(a), { agency: a, role: 'officer', unit: UNITS[a], sub: `fault-${a}` })] as const)),
    );
    const auditors = Object.fromEntries(
      await Promise.all(agencies.map(async (a) => [a, await issueToken(key(a), { agency: a, role: 'auditor', sub: `fault-auditor-${a}` })] as const)),
    );
    const coordinator = await issueToken(key('CCP'), { agency: 'CCP', role: 'coordinator', sub: 'fault-coordinator' });
    const pool = (url: string) => {
      let p = pools.get(url);
      if (!p) {
        p = new pg.Pool({ connectionString: url, max: 3 });
        p.on('error', () => undefined); // a restarted PostgreSQL drops idle clients: the next query reconnects
        pools.set(url, p);
      }
      return p;
    };
    return {
      agencies,
      dir,
      nats,
      postgres,
      hubs,
      hub: hubs[0],
      nodes,
      databases,
      tokens: { officer: (a) => officers[a], auditor: (a) => auditors[a], coordinator },
      async query<T>(url: string, text: string, params: unknown[] = []) {
        return (await pool(url).query(text, params)).rows as T[];
      },
      operator: () =>
        connect({
          servers: nats.url.split(','),
          user: nats.users.operator.user,
          pass: nats.users.operator.password,
          inboxPrefix: natsInboxPrefix(nats.users.operator.user),
          name: 'fault-operator',
        }),
      close,
    };
  } catch (e) {
    await close();
    throw e;
  }
}
