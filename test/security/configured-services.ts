// Services with a configuration of the test's own (tight rate limits, docs off, a proxy in front,
// a short feed lifetime), each on a nats-server of its own so they never share consumers with
// the suite's platform.
import type { INestApplication } from '@nestjs/common';
import { HubEnv, loadConfig, NodeEnv } from '@cix/config';
import { createNationalNode } from '../../apps/national-node/src/bootstrap.js';
import { createRegionalHub } from '../../apps/regional-hub/src/bootstrap.js';
import { nodeEnv } from '../support/platform.js';
import { createDatabase, startTestNats, testKeys } from '../support/test-env.js';

export interface Configured {
  readonly app: INestApplication;
  readonly url: string;
  readonly databaseUrl: string;
  close(): Promise<void>;
}

async function listen(app: INestApplication): Promise<string> {
  await app.listen(0, '127.0.0.1');
  return (await app.getUrl()).replace('[::1]', '127.0.0.1');
}

export async function nodeWith(agency: string, env: Record<string, string>): Promise<Configured> {
  const nats = await startTestNats([agency]);
  const databaseUrl = await createDatabase(`node_${agency}`);
  const base = nodeEnv(agency, databaseUrl, nats);
  const config = loadConfig(NodeEnv, {
    ...Object.fromEntries(
      Object.entries(base)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => [k, String(v)]),
    ),
    ...env,
  });
  const app = await createNationalNode(config);
  const url = await listen(app);
  return {
    app,
    url,
    databaseUrl,
    close: async () => {
      await app.close();
      await nats.stop();
    },
  };
}

export async function hubWith(env: Record<string, string>, agencies = ['KZ']): Promise<Configured> {
  const nats = await startTestNats(agencies);
  const databaseUrl = await createDatabase('hub');
  const app = await createRegionalHub(
    loadConfig(HubEnv, {
      DATABASE_URL: databaseUrl,
      NATS_URL: nats.url,
      NATS_USER: nats.users.hub.user,
      NATS_PASSWORD: nats.users.hub.password,
      AUTH_ISSUERS: testKeys.authIssuers,
      NODE_PUBLIC_KEYS: testKeys.nodePublicKeys,
      HUB_AGENCIES: agencies.join(','),
      HUB_SIGNING_KEY_FILE: testKeys.hub.key,
      HUB_SIGNING_KEY_ID: testKeys.hub.keyId,
      LOG_LEVEL: 'error',
      ...env,
    }),
  );
  const url = await listen(app);
  return {
    app,
    url,
    databaseUrl,
    close: async () => {
      await app.close();
      await nats.stop();
    },
  };
}
