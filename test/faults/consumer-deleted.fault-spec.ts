import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { hubDurableName, streamName } from '@cix/contracts';
import { provisionStreams } from '../../tools/infra/streams.mjs';
import { eventually } from '../support/http.js';
import {
  checkInvariants,
  hubBatchInFlight,
  hubReaches,
  nodeTails,
  startFaultPlatform,
  startLoad,
  whenOpen,
  type FaultPlatform,
  type LoadRecord,
} from './support/index.js';

// Issue 15: the hub's durable consumer deleted by an operator (with the operator's NATS
// credentials, as tools/infra/streams.mjs uses them) while the nodes post. The hub must notice and
// say so in health, and once the consumer exists again resume from its own checkpoint: nothing
// lost, nothing applied twice.
describe("fault: the hub's durable consumer deleted by an operator", () => {
  let p: FaultPlatform;

  beforeAll(async () => {
    p = await startFaultPlatform({ name: 'consumer-deleted' });
  }, 120_000);
  afterAll(() => p?.close());

  const hubHealth = async () => {
    const res = await fetch(`${p.hub.url}/health`, { headers: { authorization: `Bearer ${p.tokens.coordinator}` } });
    return (await res.json()) as { consumers: { waiting: Record<string, string>; pending: Record<string, number> } };
  };

  it('resumes from its own checkpoint once the consumer is back', async () => {
    const load = startLoad(p, { perSecond: 30 });
    let record: LoadRecord;
    const seen: string[] = [];
    let recoveryMs: number;
    try {
      await load.acknowledged(40);
      const nc = await p.operator();
      try {
        const jsm = await jetstreamManager(nc);
        // Deleted while the hub applies a batch: the pull then ends under a running batch (that crashed the hub once).
        const duringBatch = await whenOpen(
          () => hubBatchInFlight(p),
          async () => void (await jsm.consumers.delete(streamName('KZ'), hubDurableName('KZ'))),
          10_000,
        );
        if (!duringBatch) await jsm.consumers.delete(streamName('KZ'), hubDurableName('KZ'));
        seen.push(`deleted ${duringBatch ? 'during' : 'between'} batches`);
      } finally {
        await nc.close();
      }
      const deletedAt = Date.now();
      const waiting = await eventually(async () => (await hubHealth()).consumers.waiting.KZ, 'hub health: waiting for KZ', 30_000);
      seen.push(`health said waiting after ${Date.now() - deletedAt} ms: ${waiting}`);
      await sleep(3000);
      const backlog = await nodeTails(p);
      await provisionStreams({ url: p.nats.url, password: p.nats.users.operator.password, agencies: p.agencies });
      recoveryMs = await hubReaches(p, backlog, 60_000);
      await load.acknowledged(30);
    } finally {
      record = await load.stop();
    }
    const report = await checkInvariants(p, record, { expectLag: true });
    console.log(`consumer deleted: ${seen.join('; ')}; caught up ${recoveryMs} ms after the consumer was back; ${JSON.stringify(report)}`);
    expect((await hubHealth()).consumers.waiting).toEqual({});
  }, 240_000);
});
