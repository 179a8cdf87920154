import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import pg from 'pg';
import { HubConsumers } from '../apps/regional-hub/src/projection/hub-consumers.js';
import { call, eventually, minimalSeizure } from './support/http.js';
import { startHub, startNode, token, type RunningNode } from './support/platform.js';
import { startTestNats, testPort, type TestNats } from './support/test-env.js';

const METRICS_TOKEN = 'scrape-token-for-the-metrics-suite-0123456789';

/** The value of one series in a Prometheus text exposition, or undefined when absent. */
function sample(text: string, name: string, labels: Record<string, string>): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)));
  return line ? Number(line.slice(line.lastIndexOf(' ') + 1)) : undefined;
}

const scrape = async (url: string) => {
  const r = await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
  expect(r.status).toBe(200);
  return r.text();
};

// /metrics on the hub and a node (prom-client), behind a bearer token; and one request id from an
// officer's POST to the hub's log line about applying the event.
describe('metrics and request ids', () => {
  let nats: TestNats;
  let hub: Awaited<ReturnType<typeof startHub>>;
  let az: RunningNode, kz: RunningNode;
  let officerAz: string, officerKz: string;
  const hubLines: Array<Record<string, unknown>> = [];
  const realWrite = process.stdout.write.bind(process.stdout);

  beforeAll(async () => {
    // The services log JSON lines to stdout: keep the hub's, pass nothing through (the test's own output stays readable).
    process.stdout.write = (chunk: string | Uint8Array, ...rest: unknown[]) => {
      const text = typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString();
      for (const l of text.split('\n').filter((x) => x.startsWith('{"level"'))) {
        const line = JSON.parse(l) as Record<string, unknown>;
        if (line.service === 'hub') hubLines.push(line);
      }
      return text.startsWith('{"level"') ? true : (realWrite as (c: unknown, ...r: unknown[]) => boolean)(chunk, ...rest);
    };
    nats = await startTestNats(['AZ', 'KZ']);
    // Nest's static Logger speaks through the logger of the app created last in a process: the hub here.
    const hubPort = await testPort();
    az = await startNode('AZ', nats, undefined, `http://127.0.0.1:${hubPort}`, { METRICS_TOKEN });
    kz = await startNode('KZ', nats, undefined, `http://127.0.0.1:${hubPort}`, { METRICS_TOKEN });
    hub = await startHub(nats, ['AZ', 'KZ'], { PORT: String(hubPort), METRICS_TOKEN, LOG_LEVEL: 'log', LOG_FORMAT: 'json' });
    [officerAz, officerKz] = await Promise.all([token('AZ', 'officer', 'AZ-ALYAT'), token('KZ', 'officer', 'KZ-AKTAU')]);
  }, 120_000);

  afterAll(async () => {
    await hub?.app.close();
    await az?.app.close();
    await kz?.app.close();
    await nats?.stop();
    process.stdout.write = realWrite;
  });

  it('refuses /metrics to a caller without the scrape token, on the node and the hub', async () => {
    for (const url of [az.url, hub.url]) {
      expect((await fetch(`${url}/metrics`)).status).toBe(401);
      expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}x` } })).status).toBe(401);
      // An officer's token is no scrape token either.
      expect((await fetch(`${url}/metrics`, { headers: { authorization: `Bearer ${officerAz}` } })).status).toBe(401);
    }
  });

  it('counts the append and the publish on the node and the applied event on the hub, by route template', async () => {
    const before = await scrape(az.url);
    const appendedBefore = sample(before, 'cix_events_appended_total', { agency: 'AZ' }) ?? NaN;
    const publishedBefore = sample(before, 'cix_relay_published_total', { agency: 'AZ', outcome: 'ok' }) ?? NaN;
    const posted = await call('POST', `${az.url}/api/alerts`, { token: officerAz, body: minimalSeizure({ unit: 'AZ-ALYAT' }) });
    expect(posted.status).toBe(201);
    const id = posted.body.id as string;
    expect((await call('GET', `${az.url}/api/alerts/${id}`, { token: officerAz })).status).toBe(200);
    const node = await eventually(async () => {
      const text = await scrape(az.url);
      return (sample(text, 'cix_relay_published_total', { agency: 'AZ', outcome: 'ok' }) ?? 0) > publishedBefore && text;
    }, 'the relay published');
    expect(sample(node, 'cix_events_appended_total', { agency: 'AZ' })).toBe(appendedBefore + 1);
    expect(sample(node, 'cix_relay_lag_events', { agency: 'AZ' })).toBe(0);
    expect(sample(node, 'cix_http_request_duration_seconds_count', { method: 'POST', route: '/api/alerts', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(sample(node, 'cix_http_request_duration_seconds_count', { method: 'GET', route: '/api/alerts/:id', status_class: '2xx' })).toBeGreaterThanOrEqual(1);
    expect(node).toContain('process_resident_memory_bytes');
    expect(node).not.toContain(id); // no id in any label

    const hubText = await eventually(async () => {
      const text = await scrape(hub.url);
      return (sample(text, 'cix_hub_events_total', { agency: 'AZ', outcome: 'applied' }) ?? 0) >= 1 && text;
    }, 'the hub applied it');
    expect(sample(hubText, 'cix_projection_lag_messages', { agency: 'AZ' })).toBe(0);
    expect(sample(hubText, 'cix_quarantine_messages', { agency: 'AZ' })).toBe(0);
    expect(hubText).toMatch(/^cix_feed_subscribers\{service="hub"\} 0$/m);
  });

  it('carries the X-Request-Id of the POST into the event metadata and to the hub’s log line', async () => {
    const requestId = 'officer-7f3a-0001';
    const posted = await call('POST', `${az.url}/api/alerts`, {
      token: officerAz,
      body: minimalSeizure({ unit: 'AZ-ALYAT' }),
      headers: { 'x-request-id': requestId },
    });
    expect(posted.status).toBe(201);
    expect(posted.headers.get('x-request-id')).toBe(requestId);
    const db = new pg.Client({ connectionString: az.databaseUrl });
    await db.connect();
    try {
      const { rows } = await db.query<{ c: string }>(`SELECT metadata->>'correlationId' AS c FROM events WHERE stream_id = $1`, [
        `alert-${posted.body.id as string}`,
      ]);
      expect(rows).toEqual([{ c: requestId }]);
    } finally {
      await db.end();
    }
    const line = await eventually(async () => hubLines.find((l) => l.requestId === requestId), 'the hub logged the request id');
    expect(line).toMatchObject({ level: 'info', service: 'hub', context: 'Projection', agency: 'AZ', events: 1 });
    expect(typeof line.time).toBe('string');
  });

  it('replaces an insane X-Request-Id by a generated one', async () => {
    const r = await call('GET', `${az.url}/api/alerts`, { token: officerAz, headers: { 'x-request-id': 'a'.repeat(300) } });
    expect(r.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const ok = await call('GET', `${az.url}/api/alerts`, { token: officerAz, headers: { 'x-request-id': 'has space' } });
    expect(ok.headers.get('x-request-id')).not.toBe('has space');
  });

  // Last: it stops the hub's consumers.
  it('shows the projection lag of an agency while the hub is not consuming it', async () => {
    await hub.app.get(HubConsumers).server.close();
    const before = await scrape(kz.url);
    const publishedBefore = sample(before, 'cix_relay_published_total', { agency: 'KZ', outcome: 'ok' }) ?? NaN;
    for (let i = 0; i < 2; i++) expect((await call('POST', `${kz.url}/api/alerts`, { token: officerKz, body: minimalSeizure() })).status).toBe(201);
    await eventually(
      async () => (sample(await scrape(kz.url), 'cix_relay_published_total', { agency: 'KZ', outcome: 'ok' }) ?? 0) >= publishedBefore + 2,
      'the relay published both',
    );
    const text = await scrape(hub.url);
    expect(sample(text, 'cix_projection_lag_messages', { agency: 'KZ' })).toBe(2);
  });
});
