import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkInvariants, hubBatchInFlight, startFaultPlatform, startLoad, whenOpen, type FaultPlatform, type LoadRecord } from './support/index.js';

// Issue 15: the hub SIGKILLed in the middle of applying a batch, restarted. Its projection
// transaction (checkpoint included) must roll back whole, and the restarted hub must apply the
// redelivered messages exactly once, in order.
describe('fault: hub SIGKILLed mid-batch', () => {
  let p: FaultPlatform;

  beforeAll(async () => {
    p = await startFaultPlatform();
  }, 120_000);
  afterAll(() => p?.close());

  it('loses and duplicates nothing, and its model equals a rebuild', async () => {
    const load = startLoad(p, { perSecond: 30 });
    let record: LoadRecord;
    try {
      await load.acknowledged(60);
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
      await p.hub.start();
      await load.acknowledged(60);
    } finally {
      record = await load.stop();
    }
    const report = await checkInvariants(p, record, { expectLag: true });
    console.log(`hub SIGKILL mid-batch: ${JSON.stringify(report)}; load ${record.seconds} s, ${record.retries} retries, ${record.deferredFeedback} deferred`);
    expect(report.alerts).toBeGreaterThan(100);
    expect(report.feedback).toBeGreaterThan(0);
  }, 240_000);
});
