import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { hubConsumerConfig, hubDurableName, streamName } from '@cix/contracts';
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
// credentials, as tools/infra/streams.mjs uses them) while the nodes post. Nobody re-provisions:
// the hub notices, recreates its consumer (the same definition provisioning uses) and resumes from
// its own checkpoint, acknowledging the redelivered history without applying it twice; health shows
// the lag while it lasts.
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

  let history = 0;
  it('recreates it by itself and resumes from its own checkpoint', async () => {
    const load = startLoad(p, { perSecond: 30 });
    let record: LoadRecord;
    const seen: string[] = [];
    const durable = hubDurableName('KZ');
    // What health said about KZ from the deletion on, sampled until the hub has caught up.
    const said = { waiting: new Set<string>(), maxPending: 0 };
    let sampling = true;
    const sampler = (async () => {
      while (sampling) {
        const h = await hubHealth().catch(() => undefined);
        if (h?.consumers.waiting.KZ) said.waiting.add(h.consumers.waiting.KZ);
        said.maxPending = Math.max(said.maxPending, h?.consumers.pending.KZ ?? 0);
        await sleep(100);
      }
    })();
    let recoveryMs: number;
    const nc = await p.operator();
    try {
      const jsm = await jetstreamManager(nc);
      const before = await jsm.consumers.info(streamName('KZ'), durable);
      await load.acknowledged(40);
      // Deleted while the hub applies a batch: the pull then ends under a running batch (that crashed the hub once).
      const duringBatch = await whenOpen(
        () => hubBatchInFlight(p),
        async () => void (await jsm.consumers.delete(streamName('KZ'), durable)),
        10_000,
      );
      if (!duringBatch) await jsm.consumers.delete(streamName('KZ'), durable);
      const deletedAt = Date.now();
      history = (await nodeTails(p)).KZ;
      seen.push(`deleted ${duringBatch ? 'during' : 'between'} batches (KZ's stream then held ${history} events)`);
      const recreated = await eventually(
        async () => jsm.consumers.info(streamName('KZ'), durable).catch(() => undefined),
        'the hub recreates its consumer',
        30_000,
      );
      seen.push(`recreated after ${Date.now() - deletedAt} ms`);
      expect(Date.parse(recreated.created)).toBeGreaterThan(Date.parse(before.created));
      // The provisioned settings, from the one shared definition (max_deliver as the hub last read it).
      expect(recreated.config).toMatchObject({ ...hubConsumerConfig('KZ', { maxDeliver: before.config.max_deliver }) });
      expect(recreated.config.filter_subject).toBeUndefined();
      const backlog = await nodeTails(p);
      recoveryMs = await hubReaches(p, backlog, 60_000);
      await load.acknowledged(30);
    } finally {
      await nc.close();
      record = await load.stop();
      sampling = false;
      await sampler;
    }
    const report = await checkInvariants(p, record, { expectLag: true });
    console.log(
      `consumer deleted: ${seen.join('; ')}; health said ${JSON.stringify([...said.waiting])}, KZ pending up to ${said.maxPending}; caught up ${recoveryMs} ms after; ${JSON.stringify(report)}`,
    );
    // The recreated consumer delivered KZ's whole history again: health showed it as KZ's lag
    // (a lag that stays until the hub has acknowledged it, so a sample every 100 ms sees it).
    expect(said.maxPending).toBeGreaterThanOrEqual(history);
    expect((await hubHealth()).consumers.waiting).toEqual({});
  }, 240_000);
});
