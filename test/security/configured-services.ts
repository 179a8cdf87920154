// Services with a configuration of the test's own (tight rate limits, docs off, a proxy in front,
// a short feed lifetime), each on a nats-server of its own so they never share consumers with
// the suite's platform.
import type { INestApplication } from '@nestjs/common';
import { startHub, startNode } from '../support/platform.js';
import { startTestNats } from '../support/test-env.js';

export interface Configured {
  readonly app: INestApplication;
  readonly url: string;
  readonly databaseUrl: string;
  close(): Promise<void>;
}

export async function nodeWith(agency: string, env: Record<string, string>): Promise<Configured> {
  const nats = await startTestNats([agency]);
  const { app, url, databaseUrl } = await startNode(agency, nats, undefined, undefined, env);
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
  const { app, url, databaseUrl } = await startHub(nats, agencies, env);
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
