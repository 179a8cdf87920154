import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
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

// Issue 15: the hub SIGKILLed in the middle of applying a batch, restarted. Its projection
// transaction (checkpoint included) must roll back whole, and the restarted hub must apply the
// redelivered messages exactly once, in order.
describe('fault: hub SIGKILLed mid-batch', () => {
  let p: FaultPlatform;

  beforeAll(async () => {
    p = await startFaultPlatform({ name: 'hub-sigkill' });
  }, 120_000);
  afterAll(() => p?.close());

  it('loses and duplicates nothing, and its model equals a rebuild', async () => {
    const load = startLoad(p, { perSecond: 30 });
    let record: LoadRecord;
    let recoveryMs: number;
    try {
      await load.acknowledged(40);
      let caught = false;
      for (let attempt = 0; attempt < 5 && !caught; attempt++) {
        // A backlog makes the next batch large: freeze the hub while the nodes go on posting.
        await p.hub.kill('SIGSTOP');
        await sleep(3000);
        await p.hub.kill('SIGCONT');
        caught = await whenOpen(
          () => hubBatchInFlight(p),
          () => p.hub.kill('SIGKILL'),
          5000,
        );
      }
      expect(caught).toBe(true);
      await sleep(2000); // the nodes post on while the hub is down
      const backlog = await nodeTails(p);
      await p.hub.start();
      recoveryMs = await hubReaches(p, backlog);
      await load.acknowledged(30);
    } finally {
      record = await load.stop();
    }
    const report = await checkInvariants(p, record, { expectLag: true });
    console.log(
      `hub SIGKILL mid-batch: recovered the backlog ${recoveryMs} ms after restart; ${JSON.stringify(report)}; load ${record.seconds} s, ${record.retries} retries`,
    );
    expect(report.alerts).toBeGreaterThan(50);
    expect(report.feedback).toBeGreaterThan(0);
  }, 240_000);
});
