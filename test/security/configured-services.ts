// Services with a configuration of the test's own (tight rate limits, docs off, a proxy in front,
// a short feed lifetime), each on a nats-server of its own so they never share consumers with
// the suite's platform.
import type { INestApplication } from '@nestjs/common';
import { startHub, startNode } from '../support/platform.js';
import { startTestNats, type TestNats } from '../support/test-env.js';

export interface Configured {
  readonly app: INestApplication;
  readonly url: string;
  readonly databaseUrl: string;
  close(): Promise<void>;
}

/** A started service with the nats-server it alone uses, closed together. */
function withOwnNats(nats: TestNats, service: { app: Configured['app']; url: string; databaseUrl: string }): Configured {
  const { app, url, databaseUrl } = service;
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

export async function nodeWith(agency: string, env: Record<string, string>): Promise<Configured> {
  const nats = await startTestNats([agency]);
  return withOwnNats(nats, await startNode(agency, nats, undefined, undefined, env));
}

export async function hubWith(env: Record<string, string>, agencies = ['KZ']): Promise<Configured> {
  const nats = await startTestNats(agencies);
  return withOwnNats(nats, await startHub(nats, agencies, env));
}
