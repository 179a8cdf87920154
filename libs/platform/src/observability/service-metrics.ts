import { createHash, timingSafeEqual } from 'node:crypto';
import { constants as perfConstants, PerformanceObserver } from 'node:perf_hooks';
import { getHeapStatistics } from 'node:v8';
import type { NextFunction, Request, Response } from 'express';
import { ErrorCode } from '@cix/contracts';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';

/**
 * The JavaScript heap in use just after the last full (major) collection: what the code keeps
 * alive, without the garbage `nodejs_heap_size_used_bytes` also counts. One observer per process.
 */
let heapAfterMajorGc = getHeapStatistics().used_heap_size;
let gcObserver: PerformanceObserver | undefined;
function observeMajorGc(): void {
  if (gcObserver) return;
  gcObserver = new PerformanceObserver((list) => {
    if (list.getEntries().some((e) => (e as unknown as { detail?: { kind?: number } }).detail?.kind === perfConstants.NODE_PERFORMANCE_GC_MAJOR))
      heapAfterMajorGc = getHeapStatistics().used_heap_size;
  });
  gcObserver.observe({ entryTypes: ['gc'] });
}

/**
 * The Prometheus registry of one service (one per process in production; tests run several
 * services in one process, so the registry is per service, never prom-client's global one).
 * Only counts, durations and positions: no label ever carries an id, a name or a raw URL.
 */
export class ServiceMetrics {
  readonly registry = new Registry();
  readonly httpDuration: Histogram<'method' | 'route' | 'status_class'>;

  constructor(service: string) {
    this.registry.setDefaultLabels({ service });
    collectDefaultMetrics({ register: this.registry });
    this.httpDuration = new Histogram({
      name: 'cix_http_request_duration_seconds',
      help: 'HTTP request duration by method, route template and status class (live feeds excluded).',
      labelNames: ['method', 'route', 'status_class'],
      buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
      registers: [this.registry],
    });
    observeMajorGc();
    this.gauge('cix_heap_after_major_gc_bytes', 'JavaScript heap in use just after the last full collection (memory the code keeps alive).', [], (g) =>
      g.set(heapAfterMajorGc),
    );
  }

  counter<L extends string>(name: string, help: string, labelNames: readonly L[]): Counter<L> {
    return new Counter({ name, help, labelNames, registers: [this.registry] });
  }

  /** A gauge read when scraped (`collect` sets it): lags and sizes are looked up, not tracked. */
  gauge<L extends string>(name: string, help: string, labelNames: readonly L[], collect?: (g: Gauge<L>) => Promise<void> | void): Gauge<L> {
    return new Gauge({
      name,
      help,
      labelNames,
      registers: [this.registry],
      ...(collect
        ? {
            async collect(this: Gauge<L>) {
              await collect(this);
            },
          }
        : {}),
    });
  }
}

/** Method values outside the usual set are folded into one label value, so a client cannot mint series. */
const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);

/**
 * Times every request by the route TEMPLATE it matched (`/api/alerts/:id`), never the raw path:
 * ids would explode the series and leak. Unrouted requests (static files, 404s, refusals before
 * routing) share one label. Live feeds (event streams) are not timed: they last as long as the client stays.
 */
export function httpMetricsMiddleware(metrics: ServiceMetrics) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const end = metrics.httpDuration.startTimer();
    res.once('finish', () => {
      if (String(res.getHeader('content-type') ?? '').startsWith('text/event-stream')) return;
      const route = (req.route as { path?: unknown } | undefined)?.path;
      end({
        method: METHODS.has(req.method) ? req.method : 'OTHER',
        route: typeof route === 'string' ? `${req.baseUrl}${route}` : '(unmatched)',
        status_class: `${Math.floor(res.statusCode / 100)}xx`,
      });
    });
    next();
  };
}

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * `GET /metrics`, for a scraper holding the bearer token. Without a configured token the endpoint
 * does not exist (404 from the app's router): metrics are never public on a production bind.
 */
export function metricsEndpoint(metrics: ServiceMetrics, token: string | undefined) {
  const expected = token ? digest(token) : null;
  return async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    if (!expected || req.path !== '/' || (req.method !== 'GET' && req.method !== 'HEAD')) return next();
    const given = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1];
    if (!given || !timingSafeEqual(digest(given), expected)) {
      res
        .status(401)
        .setHeader('WWW-Authenticate', 'Bearer realm="metrics"')
        .json({ code: ErrorCode.Unauthenticated, message: 'metrics need the scrape token' });
      return;
    }
    try {
      const body = await metrics.registry.metrics();
      res.status(200).setHeader('Content-Type', metrics.registry.contentType).setHeader('Cache-Control', 'no-store').send(body);
    } catch (e) {
      next(e);
    }
  };
}
