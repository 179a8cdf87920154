import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { setTimeout as sleep } from 'node:timers/promises';
import { checkInvariants, combineRecords, startFaultPlatform, startLoad, type FaultPlatform, type HealthSample, type LoadRecord } from './support/index.js';

// Issue 15: NATS stopped for 30 s during posts, then started again; and NATS frozen (SIGSTOP) for
// 30 s, then continued. The nodes keep acknowledging posts (their outbox holds the events), the
// relays publish the backlog the moment NATS answers again, nothing is lost or duplicated, and the
// hub's health shows the outage and the lag while they last. A frozen server keeps its sockets
// open: only the clients' PING probe tells it from a live one. One platform for both cases.
const OUTAGE_MS = 30_000;

interface Outage {
  readonly record: LoadRecord;
  readonly from: number;
  readonly to: number;
  /** Relative to the load's start, as the health samples are. */
  readonly window: { readonly from: number; readonly to: number };
}

/** Steady load; `fault` starts the outage, `recover` ends it OUTAGE_MS later; some more load after. */
async function underLoad(p: FaultPlatform, fault: () => Promise<void>, recover: () => Promise<void>): Promise<Outage> {
  const loadStarted = Date.now();
  const load = startLoad(p, { perSecond: 30 });
  let from: number | undefined;
  let to: number | undefined;
  let record: LoadRecord;
  try {
    await load.acknowledged(45);
    await fault();
    from = Date.now();
    await sleep(OUTAGE_MS);
    await recover();
    to = Date.now();
    // Under the same load, until the hub is back within a few events of every node (or a minute passed).
    const since = to - loadStarted;
    for (const deadline = Date.now() + 60_000; Date.now() < deadline && !load.record.healthSamples.some((s) => s.at > since && caughtUp(s, p.agencies));)
      await sleep(250);
    await load.acknowledged(30);
  } finally {
    record = await load.stop();
  }
  if (from === undefined || to === undefined) throw new Error('unreachable: the outage ran');
  return { record, from, to, window: { from: from - loadStarted, to: to - loadStarted } };
}

/** The hub answers and is within a few events of every node (the load keeps posting meanwhile). */
const caughtUp = (s: HealthSample, agencies: string[]) => s.hub.status === 200 && agencies.every((a) => (s.behind[a] ?? Infinity) <= 5);

/** What the case asserts of one outage besides the invariants; figures for the log. */
function judge({ record, from, to, window }: Outage, agencies: string[]) {
  const during = record.alerts.filter((a) => a.ackedAt > from && a.ackedAt < to);
  // Posts went on: every agency had posts acknowledged while NATS was out, none waited long.
  for (const a of agencies) expect(during.filter((x) => x.agency === a).length).toBeGreaterThan(20);
  const longestWait = Math.max(0, ...during.map((a) => a.waitedMs));
  expect(longestWait).toBeLessThan(2000);
  for (const a of agencies) expect(Object.keys(record.answerCodes[a] ?? {}).filter((s) => !/^(201|404)( |$)/.test(s))).toEqual([]);
  // The hub said so: unavailable (NATS down) and behind while it lasted, ...
  const inside = record.healthSamples.filter((s) => s.at > window.from + 8000 && s.at < window.to);
  expect(inside.length).toBeGreaterThan(10);
  expect(inside.every((s) => s.hub.status === 503)).toBe(true);
  const behindAtEnd = inside.at(-1)!.behind;
  for (const a of agencies) expect(behindAtEnd[a]).toBeGreaterThan(20);
  // ... and caught up soon after: every agency within a few events of its node again.
  const back = record.healthSamples.find((s) => s.at > window.to && caughtUp(s, agencies));
  expect(back).toBeDefined();
  return {
    outageMs: to - from,
    ackedDuring: during.length,
    longestWaitMs: longestWait,
    maxBehind: Math.max(...agencies.map((a) => behindAtEnd[a] ?? 0)),
    caughtUpMs: back ? back.at - window.to : null,
  };
}

describe('fault: NATS out during posts', () => {
  let p: FaultPlatform;
  let first: LoadRecord | undefined;

  beforeAll(async () => {
    p = await startFaultPlatform();
  }, 120_000);
  afterAll(() => p?.close());

  it('stopped for 30 s, then started: posts are acknowledged throughout, the relays catch up, nothing lost or duplicated', async () => {
    const [nats] = p.nats.servers;
    const outage = await underLoad(
      p,
      () => nats.stop(),
      () => nats.start(),
    );
    first = outage.record;
    const figures = judge(outage, p.agencies);
    const report = await checkInvariants(p, outage.record, { expectLag: true });
    console.log(`NATS stopped: ${JSON.stringify(figures)}; ${JSON.stringify(report)}; load ${outage.record.seconds} s`);
  }, 180_000);

  it('frozen (SIGSTOP) for 30 s, then continued: the same, though its sockets stayed open', async () => {
    const [nats] = p.nats.servers;
    const outage = await underLoad(
      p,
      () => nats.kill('SIGSTOP'),
      () => nats.kill('SIGCONT'),
    );
    const figures = judge(outage, p.agencies);
    const report = await checkInvariants(p, first ? combineRecords(first, outage.record) : outage.record, { expectLag: true });
    console.log(`NATS frozen: ${JSON.stringify(figures)}; ${JSON.stringify(report)}; load ${outage.record.seconds} s`);
  }, 180_000);
});
