// Boots national nodes and the hub in this process, each with its own database, against a
// suite-local nats-server: the same wiring as main.ts, with ports chosen by the OS.
import { readFileSync } from 'node:fs';
import type { INestApplication } from '@nestjs/common';
import { issueToken, type Role } from '@cix/auth';
import { HubEnv, loadConfig, NodeEnv } from '@cix/config';
import { createNationalNode } from '../../apps/national-node/src/bootstrap.js';
import { createRegionalHub } from '../../apps/regional-hub/src/bootstrap.js';
import { createDatabase, startTestNats, testKeys, testPort, type TestNats } from './test-env.js';

export interface RunningNode {
  readonly agency: string;
  readonly app: INestApplication;
  readonly url: string;
  readonly databaseUrl: string;
}

/** `overrides`: settings of a test's own (tight rate limits, docs off …), on top of the suite's. */
export function nodeEnv(agency: string, databaseUrl: string, nats: TestNats, hubUrl?: string, overrides: Record<string, string> = {}): NodeEnv {
  return loadConfig(NodeEnv, {
    AGENCY: agency,
    DATABASE_URL: databaseUrl,
    NATS_URL: nats.url,
    NATS_USER: nats.users[agency].user,
    NATS_PASSWORD: nats.users[agency].password,
    ...(nats.tls ? { NATS_TLS_CA_FILE: nats.tls.caFile } : {}),
    AUTH_ISSUERS: testKeys.authIssuers,
    NODE_SIGNING_KEY_FILE: testKeys.nodes[agency].key,
    NODE_SIGNING_KEY_ID: testKeys.nodes[agency].keyId,
    LOG_LEVEL: 'error',
    BODY_LIMIT: '256kb',
    ...(hubUrl ? { HUB_URL: hubUrl } : {}),
    ...overrides,
  });
}

export async function startNode(
  agency: string,
  nats: TestNats,
  databaseUrl?: string,
  hubUrl?: string,
  overrides: Record<string, string> = {},
): Promise<RunningNode> {
  const db = databaseUrl ?? (await createDatabase(`node_${agency}`));
  const app = await createNationalNode(nodeEnv(agency, db, nats, hubUrl, overrides));
  await app.listen(overrides.PORT ? Number(overrides.PORT) : 0, '127.0.0.1');
  return { agency, app, url: await app.getUrl().then((u) => u.replace('[::1]', '127.0.0.1')), databaseUrl: db };
}

export async function startHub(
  nats: TestNats,
  agencies = ['AZ', 'KZ', 'TM'],
  hubEnv: Record<string, string> = {},
): Promise<{ app: INestApplication; url: string; databaseUrl: string }> {
  // A DATABASE_URL among the overrides restarts a hub on the database it had.
  const databaseUrl = hubEnv.DATABASE_URL ?? (await createDatabase('hub'));
  const app = await createRegionalHub(
    loadConfig(HubEnv, {
      DATABASE_URL: databaseUrl,
      NATS_URL: nats.url,
      NATS_USER: nats.users.hub.user,
      NATS_PASSWORD: nats.users.hub.password,
      ...(nats.tls ? { NATS_TLS_CA_FILE: nats.tls.caFile } : {}),
      AUTH_ISSUERS: testKeys.authIssuers,
      NODE_PUBLIC_KEYS: testKeys.nodePublicKeys,
      HUB_AGENCIES: agencies.join(','),
      HUB_SIGNING_KEY_FILE: testKeys.hub.key,
      HUB_SIGNING_KEY_ID: testKeys.hub.keyId,
      LOG_LEVEL: 'error',
      ...hubEnv,
    }),
  );
  await app.listen(hubEnv.PORT ? Number(hubEnv.PORT) : 0, '127.0.0.1');
  return { app, url: await app.getUrl(), databaseUrl };
}

export function token(agency: string, role: Role, unit?: string, sub?: string): Promise<string> {
  return issueToken(readFileSync(testKeys.issuers[agency].key), { agency, role, unit, sub });
}

/** A running set: nodes for the given agencies, the hub, a nats-server; `close` stops them all. */
export async function startPlatform(agencies = ['AZ', 'KZ', 'TM'], hubEnv: Record<string, string> = {}) {
  const nats = await startTestNats(agencies);
  const hub = await startHub(nats, agencies, hubEnv);
  const nodes: Record<string, RunningNode> = {};
  for (const a of agencies) nodes[a] = await startNode(a, nats, undefined, hub.url);
  return {
    nats,
    nodes,
    hub,
    async close() {
      await hub.app.close();
      for (const n of Object.values(nodes)) await n.app.close();
      await nats.stop();
    },
  };
}

/**
 * A platform a browser can use as the local stack does: ports chosen first, so the hub tells the
 * console where each node is (CONSOLE_NODE_URLS) and each node lets the console's origin call it (CORS).
 */
export async function startBrowserPlatform(agencies = ['AZ', 'KZ', 'TM'], hubEnv: Record<string, string> = {}, nodeOverrides: Record<string, string> = {}) {
  const nats = await startTestNats(agencies);
  const hubPort = hubEnv.PORT ? Number(hubEnv.PORT) : await testPort();
  const nodePorts = Object.fromEntries(await Promise.all(agencies.map(async (a) => [a, await testPort()] as const)));
  const hubUrl = `http://127.0.0.1:${hubPort}`;
  const hub = await startHub(nats, agencies, {
    PORT: String(hubPort),
    CONSOLE_NODE_URLS: agencies.map((a) => `${a}=http://127.0.0.1:${nodePorts[a]}`).join(','),
    ...hubEnv,
  });
  const nodes: Record<string, RunningNode> = {};
  for (const a of agencies) nodes[a] = await startNode(a, nats, undefined, hubUrl, { PORT: String(nodePorts[a]), CORS_ORIGINS: hubUrl, ...nodeOverrides });
  return {
    nats,
    nodes,
    hub: { ...hub, url: hubUrl },
    async close() {
      await hub.app.close();
      for (const n of Object.values(nodes)) await n.app.close();
      await nats.stop();
    },
  };
}

/** One national node with a nats-server of its own, and an officer token of that agency. */
export async function startSoloNode(agency: string, unit: string) {
  const nats = await startTestNats([agency]);
  const node = await startNode(agency, nats);
  return {
    nats,
    node,
    officer: await token(agency, 'officer', unit),
    async close() {
      await node.app.close();
      await nats.stop();
    },
  };
}
