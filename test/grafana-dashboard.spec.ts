import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import type { EventStore, OutboxRelay } from '@cix/event-store';
import type { NatsConnectionManager } from '@cix/messaging';
import { ServiceMetrics } from '@cix/platform';
import type { HubEnv } from '@cix/config';
import type { DataSource } from 'typeorm';
import { Histogram } from 'prom-client';
import { NodeMetrics } from '../apps/national-node/src/health/node-metrics.js';
import { HubMetrics } from '../apps/regional-hub/src/health/hub-metrics.js';
import { AppliedEvents } from '../apps/regional-hub/src/projection/applied-events.js';
import type { HubConsumers } from '../apps/regional-hub/src/projection/hub-consumers.js';
import type { AlertFeedService } from '../apps/regional-hub/src/stream/alert-feed.service.js';

interface Panel {
  title: string;
  type: string;
  targets?: Array<{ expr: string }>;
}

const dashboard = JSON.parse(readFileSync(new URL('../deploy/grafana/cix-platform.json', import.meta.url), 'utf8')) as {
  panels: Panel[];
  templating: { list: Array<{ definition?: string }> };
};

/** The series names the node and the hub register (registration only: nothing is collected, so the collaborators are inert). */
async function exportedNames(): Promise<Set<string>> {
  const node = new ServiceMetrics('node-AZ');
  const store = { agency: 'AZ', tailPosition: () => Promise.resolve(0), onAppended: () => () => undefined } as unknown as EventStore;
  const relay = { observe: () => () => undefined, getStatus: () => Promise.reject(new Error('unused')) } as unknown as OutboxRelay;
  await new NodeMetrics(node, store, relay).onModuleInit();
  const hub = new ServiceMetrics('hub');
  new HubMetrics(
    hub,
    { HUB_AGENCIES: 'AZ' } as HubEnv,
    {} as NatsConnectionManager,
    {} as HubConsumers,
    {} as DataSource,
    {} as AlertFeedService,
  ).onModuleInit();
  new AppliedEvents(hub);
  const names = new Set<string>();
  for (const m of [...node.registry.getMetricsAsArray(), ...hub.registry.getMetricsAsArray()]) {
    const name = (m as unknown as { name: string }).name;
    names.add(name);
    if (m instanceof Histogram) for (const s of ['_bucket', '_sum', '_count']) names.add(name + s);
  }
  return names;
}

const FUNCTIONS = new Set([
  'sum',
  'by',
  'rate',
  'max',
  'histogram_quantile',
  'le',
  'without',
  'avg',
  'min',
  'irate',
  'increase',
  'label_values',
  'on',
  'ignoring',
]);

/** Metric names in a PromQL expression: identifiers outside braces and strings that are neither functions, keywords nor label names of a `by (...)`. */
function metricNames(expr: string): string[] {
  const bare = expr
    .replace(/label_values\(\s*([^,)]+)[^)]*\)/g, '$1') // label_values(metric, label): the label is no metric
    .replace(/\{[^}]*\}/g, '')
    .replace(/\[[^\]]*\]/g, '')
    .replace(/\b(by|without|on|ignoring)\s*\([^)]*\)/g, '');
  return [...bare.matchAll(/[a-zA-Z_:][a-zA-Z0-9_:]*/g)].map((m) => m[0]).filter((w) => !FUNCTIONS.has(w));
}

describe('the Grafana dashboard', () => {
  it('names only series the services export, in every expression', async () => {
    const exported = await exportedNames();
    const exprs = [
      ...dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)),
      ...dashboard.templating.list.flatMap((v) => (v.definition ? [v.definition] : [])),
    ];
    expect(exprs.length).toBeGreaterThan(10);
    for (const expr of exprs) {
      const names = metricNames(expr);
      expect(names.length).toBeGreaterThan(0);
      for (const n of names) expect({ expr, name: n, exported: exported.has(n) }).toEqual({ expr, name: n, exported: true });
    }
  });

  it('shows the issue’s series: latency by route, appends, publishes, both lags, quarantine, feed subscribers', () => {
    const all = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr)).join('\n');
    for (const name of [
      'cix_http_request_duration_seconds_bucket',
      'cix_events_appended_total',
      'cix_relay_published_total',
      'cix_relay_lag_events',
      'cix_projection_lag_messages',
      'cix_quarantine_messages',
      'cix_feed_subscribers',
    ])
      expect(all).toContain(name);
  });
});
