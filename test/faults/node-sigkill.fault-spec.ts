import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkInvariants, relayBehind, startFaultPlatform, startLoad, streamLastSeq, type FaultPlatform, type LoadRecord } from './support/index.js';

// Issue 15: a national node SIGKILLed between its commit and the relay's publish, restarted. The
// window is hit from outside: a bulk post of 1,000 alerts commits in one transaction and is
// acknowledged while the relay is still publishing it; the node is killed the moment the answer
// arrives, and the database (no longer moving) shows acknowledged events the relay had not
// published. After the restart the relay must publish them from its checkpoint, JetStream drop what
// it had already, and the hub apply each exactly once.
describe('fault: national node SIGKILLed between commit and publish', () => {
  let p: FaultPlatform;

  beforeAll(async () => {
    p = await startFaultPlatform({ name: 'node-sigkill' });
  }, 120_000);
  afterAll(() => p?.close());

  it('publishes what was committed after the restart, once', async () => {
    const load = startLoad(p, { perSecond: 30 });
    let record: LoadRecord;
    const hits: Array<{ behindCheckpoint: number; unpublished: number }> = [];
    try {
      await load.acknowledged(30);
      for (let attempt = 0; attempt < 4 && !hits.some((h) => h.unpublished > 0); attempt++) {
        await load.burst('KZ', 1000);
        await p.nodes.KZ.kill('SIGKILL');
        const behindCheckpoint = await relayBehind(p, 'KZ');
        const [{ tail }] = await p.query<{ tail: string }>(p.databases.nodes.KZ, 'SELECT max(global_position) AS tail FROM events');
        hits.push({ behindCheckpoint, unpublished: Number(tail) - (await streamLastSeq(p, 'KZ')) });
        await sleep(1500); // the other nodes post on; KZ's writer retries against a closed port
        await p.nodes.KZ.start();
        await load.acknowledged(20);
      }
      expect(hits.some((h) => h.unpublished > 0)).toBe(true);
      await load.acknowledged(20);
    } finally {
      record = await load.stop();
    }
    const report = await checkInvariants(p, record, { expectLag: true });
    console.log(
      `node SIGKILL between commit and publish: kills ${JSON.stringify(hits)}; ${JSON.stringify(report)}; load ${record.seconds} s, ${record.retries} retries`,
    );
    expect(record.alerts.filter((a) => a.agency === 'KZ').length).toBeGreaterThan(1000);
  }, 300_000);
});
