import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { issueToken } from '@cix/auth';
import { startService, type Service } from './services.js';
import { hubEnv, nodeEnv, type BenchKeys, type BenchNats } from './platform-env.js';

const UNITS: Record<string, string> = { AZ: 'AZ-ALYAT', KZ: 'KZ-AKTAU', TM: 'TM-TURKMENBASHI' };

const alert = (agency: string, i: number) => ({
  kind: 'seizure',
  unit: UNITS[agency],
  occurredAt: '2026-11-20T08:00:00Z',
  commodity: { category: 'drugs', description: `heroin in a false floor, load test #${i}`, hsCode: '293911' },
  quantity: { value: 12.5, unit: 'kg' },
  containers: ['CSQU3054383'],
  route: { departure: 'AF', transit: ['TM'], destination: 'AZ' },
  distribution: { level: 'regional' },
  handlingCode: 'H1',
});

/** Arrival time of every alert id the hub's feed announces to this subscriber. */
async function followFeed(url: string, token: string, seen: Map<string, number>) {
  const controller = new AbortController();
  const res = await fetch(url, { headers: { authorization: `Bearer ${token}`, accept: 'text/event-stream' }, signal: controller.signal });
  if (res.status !== 200 || !res.body) throw new Error(`feed answered ${res.status}`);
  const pump = (async () => {
    const decoder = new TextDecoder();
    let buffer = '';
    try {
      for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
        const now = performance.now();
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          if (!/^event:\s*alert$/m.test(block)) continue;
          const data = block
            .split('\n')
            .filter((l) => l.startsWith('data:'))
            .map((l) => l.slice(5).trimStart())
            .join('\n');
          const id = (JSON.parse(data) as { id?: string }).id;
          if (id && !seen.has(id)) seen.set(id, now);
        }
      }
    } catch {
      /* aborted */
    }
  })();
  return async () => {
    controller.abort();
    await pump;
  };
}

const percentile = (sorted: number[], p: number) => sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;

/**
 * End to end, from outside: regional alerts POSTed on the three nodes at a fixed offered rate
 * (open loop: each request leaves at its scheduled time whatever the answers do), each timed from
 * its scheduled time until the hub's feed announces it to a coordinator. POST latency (the node's
 * answer) is the baseline printed beside it.
 */
export async function benchEndToEnd(
  infra: { nats: BenchNats; keys: BenchKeys; databaseUrl: (who: string) => string; port: () => Promise<number>; log: (...a: unknown[]) => void },
  rate: number,
  seconds: number,
): Promise<Record<string, number>> {
  const agencies = Object.keys(infra.keys.nodes);
  const services: Service[] = [];
  try {
    const hub = await startService('hub', 'regional-hub', await infra.port(), hubEnv(infra.nats, infra.keys, infra.databaseUrl('hub')));
    services.push(hub);
    const nodes: Array<{ agency: string; url: string; token: string }> = [];
    for (const a of agencies) {
      const node = await startService(a, 'national-node', await infra.port(), nodeEnv(a, infra.nats, infra.keys, infra.databaseUrl(a)));
      services.push(node);
      nodes.push({
        agency: a,
        url: node.url,
        token: await issueToken(readFileSync(infra.keys.issuers[a].key), { agency: a, role: 'officer', unit: UNITS[a], sub: 'bench' }),
      });
    }
    const coordinator = await issueToken(readFileSync(infra.keys.issuers.CCP.key), { agency: 'CCP', role: 'coordinator', sub: 'bench' });
    const seen = new Map<string, number>();
    const closeFeed = await followFeed(`${hub.url}/api/stream`, coordinator, seen);

    const post = async (i: number) => {
      const n = nodes[i % nodes.length];
      const res = await fetch(`${n.url}/api/alerts`, {
        method: 'POST',
        headers: { authorization: `Bearer ${n.token}`, 'content-type': 'application/json' },
        body: JSON.stringify(alert(n.agency, i)),
      });
      const body = (await res.json()) as { id?: string };
      if (res.status !== 201 || !body.id) throw new Error(`POST answered ${res.status}: ${JSON.stringify(body).slice(0, 200)}`);
      return body.id;
    };
    // Warm-up: connections, caches, the first projection of each agency.
    const warm = await Promise.all(nodes.map((_, i) => post(i)));
    for (let waited = 0; warm.some((id) => !seen.has(id)); waited += 50) {
      if (waited > 30_000) throw new Error('the hub feed did not announce the warm-up alerts');
      await sleep(50);
    }

    const total = Math.round(rate * seconds);
    infra.log(`end to end: ${total} alerts at ${rate}/s over ${seconds} s across ${agencies.join(', ')} …`);
    const sent: Array<{ at: number; id?: string; answeredMs?: number; failed?: string }> = [];
    const inFlight: Promise<void>[] = [];
    const start = performance.now() + 100;
    for (let i = 0; i < total; i++) {
      const at = start + (i * 1000) / rate;
      const wait = at - performance.now();
      if (wait > 1) await sleep(wait);
      const s: (typeof sent)[number] = { at };
      sent.push(s);
      inFlight.push(
        post(i).then(
          (id) => {
            s.id = id;
            s.answeredMs = performance.now() - at;
          },
          (e: Error) => {
            s.failed = e.message;
          },
        ),
      );
    }
    const offeredSeconds = (performance.now() - start) / 1000;
    await Promise.all(inFlight);
    const failures = sent.filter((s) => s.failed);
    if (failures.length) infra.log(`end to end: ${failures.length} POSTs failed, the first with: ${failures[0].failed}`);
    const deadline = performance.now() + 60_000;
    while (sent.some((s) => s.id && !seen.has(s.id)) && performance.now() < deadline) await sleep(50);
    await closeFeed();

    const latencies = sent
      .filter((s) => s.id && seen.has(s.id))
      .map((s) => seen.get(s.id!)! - s.at)
      .sort((a, b) => a - b);
    const answers = sent
      .filter((s) => s.answeredMs !== undefined)
      .map((s) => s.answeredMs!)
      .sort((a, b) => a - b);
    return {
      e2e_offered_per_s: rate,
      e2e_seconds: seconds,
      e2e_sent_per_s: total / offeredSeconds,
      e2e_failed: sent.filter((s) => s.failed).length,
      e2e_not_seen: sent.filter((s) => s.id && !seen.has(s.id)).length,
      e2e_p50_ms: percentile(latencies, 50),
      e2e_p95_ms: percentile(latencies, 95),
      e2e_p99_ms: percentile(latencies, 99),
      e2e_max_ms: latencies[latencies.length - 1] ?? NaN,
      e2e_post_p50_ms: percentile(answers, 50),
      e2e_post_p99_ms: percentile(answers, 99),
    };
  } finally {
    for (const s of services.reverse()) await s.stop();
  }
}
