import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import helmet from 'helmet';
import { authFailureLimiter, RateLimitInterceptor, type RateLimits } from './rate-limit.js';

/** The settings of CommonEnv this needs (passed as the service's config). */
export interface HttpSecurityConfig {
  readonly TRUST_PROXY: string;
  readonly DOCS_ENABLED: string;
  readonly RATE_LIMIT_WINDOW_SECONDS: number;
  readonly RATE_LIMIT_WRITES: number;
  readonly RATE_LIMIT_EXPORTS: number;
  readonly RATE_LIMIT_AUTH_FAILURES: number;
}

/** What browsers may do across origins: the console's page calls the nodes and identity providers. */
export interface BrowserAccess {
  /** Origins the console's pages may connect to besides their own (CSP connect-src). */
  readonly connectTo?: readonly string[];
  /** Origins whose pages may call this service (CORS), e.g. the regional console on a node. */
  readonly corsOrigins?: readonly string[];
}

/** Express `trust proxy` from TRUST_PROXY: `true`/`false`, a hop count, or addresses/subnets (comma-separated). */
export function trustProxySetting(value: string): boolean | number | string {
  if (value === 'true') return true;
  if (value === 'false') return false;
  if (/^\d+$/.test(value)) return Number(value);
  return value;
}

// The console (apps/web-console) is a Vite build: its scripts, styles and data come from this origin
// only, charts draw on canvas, so nothing inline is needed.
const CONSOLE_CSP = {
  'default-src': ["'self'"],
  'base-uri': ["'none'"],
  'connect-src': ["'self'"],
  'font-src': ["'self'"],
  'form-action': ["'self'"],
  'frame-ancestors': ["'none'"],
  'img-src': ["'self'", 'data:'],
  'object-src': ["'none'"],
  'script-src': ["'self'"],
  'script-src-attr': ["'none'"],
  'style-src': ["'self'"],
};
// Swagger UI at /docs ships inline styles.
const DOCS_CSP = { ...CONSOLE_CSP, 'style-src': ["'self'", "'unsafe-inline'"] };

/**
 * Security headers (helmet, with a Content-Security-Policy), no X-Powered-By, `trust proxy`, and
 * rate limits on writes, exports and failed authentication. Without a config (unit tests that
 * build an app by hand) the headers still apply and the limits are the defaults of CommonEnv.
 */
export function applyHttpHardening(app: NestExpressApplication, config?: HttpSecurityConfig, browser: BrowserAccess = {}): void {
  const express = app.getHttpAdapter().getInstance() as { disable(s: string): void; set(s: string, v: unknown): void };
  express.disable('x-powered-by');
  express.set('trust proxy', trustProxySetting(config?.TRUST_PROXY ?? 'false'));
  const headers = (csp: Record<string, string[]>) =>
    helmet({ contentSecurityPolicy: { useDefaults: false, directives: csp }, crossOriginEmbedderPolicy: false });
  const consoleHeaders = headers({ ...CONSOLE_CSP, 'connect-src': ["'self'", ...(browser.connectTo ?? [])] });
  const docsHeaders = headers(DOCS_CSP);
  app.use((req: Request, res: Response, next: NextFunction) =>
    (req.path === '/docs' || req.path.startsWith('/docs/') || req.path.startsWith('/docs-') ? docsHeaders : consoleHeaders)(req, res, next),
  );
  // Answers of the API carry intelligence and personal data: no shared or browser cache keeps them,
  // and every one may differ by Accept (JSON, CSV, STIX) and Accept-Language, errors included.
  app.use((req: Request, res: Response, next: NextFunction) => {
    if (req.path.startsWith('/api/')) {
      res.setHeader('Cache-Control', 'no-store');
      res.vary('Accept');
    }
    next();
  });
  const limits: RateLimits = {
    windowSeconds: config?.RATE_LIMIT_WINDOW_SECONDS ?? 60,
    writes: config?.RATE_LIMIT_WRITES ?? 3000,
    exports: config?.RATE_LIMIT_EXPORTS ?? 600,
    authFailures: config?.RATE_LIMIT_AUTH_FAILURES ?? 300,
  };
  if (browser.corsOrigins?.length)
    app.enableCors({
      origin: [...browser.corsOrigins],
      allowedHeaders: ['Authorization', 'Content-Type', 'Idempotency-Key', 'Accept-Language', 'Accept'],
      exposedHeaders: ['Location', 'Retry-After', 'Next-Cursor'],
      maxAge: 600,
    });
  app.use(authFailureLimiter(limits));
  app.useGlobalInterceptors(new RateLimitInterceptor(limits));
}
