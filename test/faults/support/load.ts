// Steady load for a fault case (K6, issue 15): posts from all three nodes, as a client would make
// them, recording every ACKNOWLEDGED write.
//
//   const load = startLoad(platform, { perSecond: 30, feedbackShare: 0.25, timestampsNow?: true });
//   …fault…
//   await load.burst('KZ', 300);   // one bulk post of 300 alerts, in KZ's order (acknowledged or not: no retry, bulk has no Idempotency-Key)
//   const record = await load.stop();
//
// One sequential writer per agency (so acknowledgement order is the order each agency committed in):
// each write is an alert (regional seizure) or, for `feedbackShare` of them, feedback on another
// agency's acknowledged alert. A write is retried with the same Idempotency-Key while the answer is
// retryable (503, 502, 429, connection refused or reset, timeout) — a node down, a hub down for the
// feedback check — and recorded once acknowledged; a 404 on feedback (the hub has not got the alert
// yet) puts it back for later. Any other answer is recorded in `refused`. Hub and node health are
// sampled every 500 ms (`healthSamples`) to show lag while it lasts.
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { FaultPlatform } from './fault-platform.js';
import { UNITS } from './fault-platform.js';

export interface AckedAlert {
  readonly agency: string;
  readonly id: string;
  readonly kind: string;
  /** Order of acknowledgement within the agency (0, 1, …). */
  readonly order: number;
  readonly ackedAt: number;
  readonly retries: number;
  /** From the first attempt to the acknowledgement: how long the client was kept waiting (503s, refused connections). */
  readonly waitedMs: number;
}

export interface AckedFeedback {
  readonly agency: string;
  readonly alertAgency: string;
  readonly alertId: string;
  readonly feedbackId: string;
  readonly version: number;
  readonly order: number;
  readonly ackedAt: number;
  readonly retries: number;
  readonly waitedMs: number;
}

export interface HealthSample {
  readonly at: number;
  /** Hub's status code (0: no answer) and, per agency, events the consumer has not finished. */
  readonly hub: { status: number; pending: Record<string, number>; stalled: Record<string, string> };
  /** Per agency: node tail − hub checkpoint (undefined where either did not answer). */
  readonly behind: Record<string, number | undefined>;
}

export interface LoadRecord {
  readonly alerts: AckedAlert[];
  readonly feedback: AckedFeedback[];
  /** Writes whose outcome is unknown (a bulk whose answer was lost): they may or may not be on the hub. */
  readonly uncertain: Record<string, number>;
  readonly refused: Array<{ agency: string; what: 'alert' | 'feedback' | 'bulk'; status: number; body: string }>;
  readonly retries: number;
  /** Every answer of the nodes per agency, by HTTP status ('error': no answer, e.g. connection refused). */
  readonly answers: Record<string, Record<string, number>>;
  /** The same answers by status and error code (`503 HUB.UNAVAILABLE`), to tell what a failure was. */
  readonly answerCodes: Record<string, Record<string, number>>;
  readonly deferredFeedback: number;
  readonly healthSamples: HealthSample[];
  readonly seconds: number;
}

export interface Load {
  /** What has been acknowledged so far (live view). */
  readonly record: LoadRecord;
  /** One bulk post of `count` alerts on `agency`'s node, in that agency's order. */
  burst(agency: string, count: number): Promise<void>;
  /** Resolves once at least `n` more writes have been acknowledged than at the call. */
  acknowledged(n: number, timeoutMs?: number): Promise<void>;
  stop(): Promise<LoadRecord>;
}

const RETRYABLE = new Set([429, 502, 503, 504]);

/** `now`: the seizure happened just now (by the client's clock), as an officer posting at once reports it. */
export const loadAlert = (agency: string, i: number, now = false) => ({
  kind: 'seizure',
  unit: UNITS[agency],
  occurredAt: now ? new Date().toISOString() : new Date(Date.UTC(2026, 10, 1 + (i % 28), 8)).toISOString(),
  commodity: { category: i % 2 ? 'drugs' : 'weapons', description: `fault load ${agency} #${i}`, hsCode: i % 2 ? '293911' : '930100' },
  quantity: { value: 1 + (i % 7), unit: 'kg' },
  containers: ['CSQU3054383'],
  route: { departure: 'AF', transit: ['TM'], destination: 'AZ' },
  distribution: { level: 'regional' },
  handlingCode: 'H1',
});

type Answer = { status: number; body: unknown; text: string };

async function post(url: string, token: string, body: unknown, idempotencyKey?: string): Promise<Answer> {
  const res = await fetch(url, {
    method: 'POST',
    headers: {
      authorization: `Bearer ${token}`,
      'content-type': 'application/json',
      ...(idempotencyKey ? { 'idempotency-key': idempotencyKey } : {}),
    },
    body: JSON.stringify(body),
    signal: AbortSignal.timeout(15_000),
  });
  const text = await res.text();
  let parsed: unknown = undefined;
  try {
    parsed = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body: parsed, text };
}

export function startLoad(p: FaultPlatform, o: { perSecond?: number; feedbackShare?: number; timestampsNow?: boolean } = {}): Load {
  const perSecond = o.perSecond ?? 30;
  const feedbackShare = o.feedbackShare ?? 0.25;
  const started = Date.now();
  const record = {
    alerts: [] as AckedAlert[],
    feedback: [] as AckedFeedback[],
    uncertain: {} as Record<string, number>,
    refused: [] as LoadRecord['refused'],
    retries: 0,
    answers: {} as Record<string, Record<string, number>>,
    answerCodes: {} as Record<string, Record<string, number>>,
    deferredFeedback: 0,
    healthSamples: [] as HealthSample[],
    seconds: 0,
  };
  let stopping = false;
  const order: Record<string, number> = {};
  const nextOrder = (a: string) => (order[a] = (order[a] ?? -1) + 1);
  const bursts: Record<string, Array<{ count: number; done: () => void }>> = {};
  const given = new Set<string>(); // `${giver}/${alertId}`: one feedback per agency per alert
  let acked = 0;
  const waiters: Array<{ n: number; resolve: () => void }> = [];
  const ackedOne = () => {
    acked++;
    for (const w of waiters.splice(0))
      if (acked >= w.n) w.resolve();
      else waiters.push(w);
  };

  /** Until acknowledged (or the load stops): retryable answers and connection errors again, same key. */
  const answered = (agency: string, status: number | 'error', body?: unknown) => {
    const byStatus = (record.answers[agency] ??= {});
    byStatus[status] = (byStatus[status] ?? 0) + 1;
    const code = (body as { code?: unknown } | undefined)?.code;
    const key = typeof code === 'string' && status !== 201 ? `${status} ${code}` : String(status);
    const byCode = (record.answerCodes[agency] ??= {});
    byCode[key] = (byCode[key] ?? 0) + 1;
  };
  const untilAnswered = async (agency: string, send: () => Promise<Answer>): Promise<{ answer?: Answer; retries: number; waitedMs: number }> => {
    let retries = 0;
    let delay = 100;
    const first = Date.now();
    for (;;) {
      try {
        const a = await send();
        answered(agency, a.status, a.body);
        if (!RETRYABLE.has(a.status)) return { answer: a, retries, waitedMs: Date.now() - first };
      } catch {
        /* connection refused or reset, timeout: the node is down or restarting */
        answered(agency, 'error');
      }
      if (stopping && retries > 50) return { retries, waitedMs: Date.now() - first };
      retries++;
      record.retries++;
      await sleep(delay);
      delay = Math.min(delay * 2, 1000);
    }
  };

  const writeAlert = async (agency: string, i: number) => {
    const key = randomUUID();
    const { answer, retries, waitedMs } = await untilAnswered(agency, () =>
      post(`${p.nodes[agency].url}/api/alerts`, p.tokens.officer(agency), loadAlert(agency, i, o.timestampsNow), key),
    );
    const body = answer?.body as { id?: string } | undefined;
    if (answer?.status === 201 && body?.id) {
      record.alerts.push({ agency, id: body.id, kind: 'seizure', order: nextOrder(agency), ackedAt: Date.now(), retries, waitedMs });
      ackedOne();
    } else if (answer) record.refused.push({ agency, what: 'alert', status: answer.status, body: answer.text.slice(0, 300) });
    else record.uncertain[agency] = (record.uncertain[agency] ?? 0) + 1;
  };

  const writeFeedback = async (agency: string): Promise<boolean> => {
    // Another agency's alert acknowledged a while ago, not yet answered by this agency.
    const candidates = record.alerts.filter((x) => x.agency !== agency && !given.has(`${agency}/${x.id}`) && Date.now() - x.ackedAt > 1000);
    if (!candidates.length) return false;
    const target = candidates[Math.floor(Math.random() * candidates.length)];
    given.add(`${agency}/${target.id}`);
    const key = randomUUID();
    const { answer, retries, waitedMs } = await untilAnswered(agency, () =>
      post(
        `${p.nodes[agency].url}/api/feedback`,
        p.tokens.officer(agency),
        { alertId: target.id, outcome: 'nothing-found', ...(o.timestampsNow ? { inspectedAt: new Date().toISOString() } : {}) },
        key,
      ),
    );
    const body = answer?.body as { feedbackId?: string; version?: number } | undefined;
    if (answer?.status === 201 && body?.feedbackId) {
      record.feedback.push({
        agency,
        alertAgency: target.agency,
        alertId: target.id,
        feedbackId: body.feedbackId,
        version: body.version ?? 1,
        order: nextOrder(agency),
        ackedAt: Date.now(),
        retries,
        waitedMs,
      });
      ackedOne();
    } else if (answer?.status === 404) {
      // Not on the hub yet (it is behind or down): a client would try again later.
      given.delete(`${agency}/${target.id}`);
      record.deferredFeedback++;
    } else if (answer) record.refused.push({ agency, what: 'feedback', status: answer.status, body: answer.text.slice(0, 300) });
    return true;
  };

  const writeBulk = async (agency: string, count: number, i: number) => {
    const items = Array.from({ length: count }, (_, k) => loadAlert(agency, i + k, o.timestampsNow));
    let answer: Answer | undefined;
    try {
      answer = await post(`${p.nodes[agency].url}/api/alerts/bulk`, p.tokens.officer(agency), items);
    } catch {
      answer = undefined;
    }
    const body = answer?.body as { items?: Array<{ id: string }> } | undefined;
    if (answer?.status === 201 && body?.items) {
      for (const it of body.items)
        record.alerts.push({ agency, id: it.id, kind: 'seizure', order: nextOrder(agency), ackedAt: Date.now(), retries: 0, waitedMs: 0 });
      ackedOne();
    } else if (answer && !RETRYABLE.has(answer.status)) record.refused.push({ agency, what: 'bulk', status: answer.status, body: answer.text.slice(0, 300) });
    else record.uncertain[agency] = (record.uncertain[agency] ?? 0) + count;
  };

  const writer = async (agency: string) => {
    const interval = (1000 * p.agencies.length) / perSecond;
    let next = Date.now();
    for (let i = 0; !stopping; i++) {
      const burst = bursts[agency]?.shift();
      if (burst) {
        await writeBulk(agency, burst.count, 100_000 + i);
        burst.done();
        continue;
      }
      const wantFeedback = Math.random() < feedbackShare;
      if (!(wantFeedback && (await writeFeedback(agency)))) await writeAlert(agency, i);
      next += interval;
      const wait = next - Date.now();
      if (wait > 0) await sleep(wait);
      else next = Date.now(); // behind (a fault held the writer): carry on at the rate, do not catch up in a rush
    }
  };

  const sampleHealth = async (): Promise<HealthSample> => {
    const get = async (url: string, token: string) => {
      try {
        const res = await fetch(`${url}/health`, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(2000) });
        return { status: res.status, body: (await res.json()) as Record<string, unknown> };
      } catch {
        return { status: 0, body: {} as Record<string, unknown> };
      }
    };
    const hub = await get(p.hub.url, p.tokens.coordinator);
    const consumers = (hub.body.consumers ?? {}) as { pending?: Record<string, number>; stalled?: Record<string, string> };
    const checkpoints = (hub.body.checkpoints ?? []) as Array<{ agency: string; position: string }>;
    const behind: Record<string, number | undefined> = {};
    for (const a of p.agencies) {
      const node = await get(p.nodes[a].url, p.tokens.auditor(a));
      const tail = (node.body.relay as { tail?: number } | undefined)?.tail;
      const cp = checkpoints.find((c) => c.agency === a);
      behind[a] = tail !== undefined && hub.status ? tail - Number(cp?.position ?? 0) : undefined;
    }
    return { at: Date.now() - started, hub: { status: hub.status, pending: consumers.pending ?? {}, stalled: consumers.stalled ?? {} }, behind };
  };

  const writers = p.agencies.map((a) => writer(a));
  const sampler = (async () => {
    while (!stopping) {
      record.healthSamples.push(await sampleHealth());
      await sleep(500);
    }
  })();

  return {
    record,
    burst(agency, count) {
      return new Promise<void>((resolve) => (bursts[agency] ??= []).push({ count, done: resolve }));
    },
    acknowledged(n, timeoutMs = 30_000) {
      const target = acked + n;
      return new Promise<void>((resolve, reject) => {
        const t = setTimeout(() => reject(new Error(`load: ${n} acknowledgements did not come within ${timeoutMs} ms`)), timeoutMs);
        waiters.push({
          n: target,
          resolve: () => {
            clearTimeout(t);
            resolve();
          },
        });
      });
    },
    async stop() {
      stopping = true;
      await Promise.all([...writers, sampler]);
      for (const list of Object.values(bursts)) for (const b of list.splice(0)) b.done();
      record.seconds = (Date.now() - started) / 1000;
      return record;
    },
  };
}

/**
 * Two loads run one after the other on one platform as one record, for `checkInvariants` after the
 * second (the hub holds both loads' writes): orders run on per agency, health samples are the last load's.
 */
export function combineRecords(first: LoadRecord, second: LoadRecord): LoadRecord {
  const next: Record<string, number> = {};
  for (const w of [...first.alerts, ...first.feedback]) next[w.agency] = Math.max(next[w.agency] ?? 0, w.order + 1);
  const sum = (a: Record<string, number>, b: Record<string, number>) => {
    const out = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = (out[k] ?? 0) + v;
    return out;
  };
  const answers: Record<string, Record<string, number>> = {};
  for (const r of [first, second]) for (const [a, byStatus] of Object.entries(r.answers)) answers[a] = sum(answers[a] ?? {}, byStatus);
  const answerCodes: Record<string, Record<string, number>> = {};
  for (const r of [first, second]) for (const [a, byCode] of Object.entries(r.answerCodes)) answerCodes[a] = sum(answerCodes[a] ?? {}, byCode);
  return {
    alerts: [...first.alerts, ...second.alerts.map((x) => ({ ...x, order: x.order + (next[x.agency] ?? 0) }))],
    feedback: [...first.feedback, ...second.feedback.map((x) => ({ ...x, order: x.order + (next[x.agency] ?? 0) }))],
    uncertain: sum(first.uncertain, second.uncertain),
    refused: [...first.refused, ...second.refused],
    retries: first.retries + second.retries,
    answers,
    answerCodes,
    deferredFeedback: first.deferredFeedback + second.deferredFeedback,
    healthSamples: second.healthSamples,
    seconds: first.seconds + second.seconds,
  };
}
