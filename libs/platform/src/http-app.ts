import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { SwaggerModule } from '@nestjs/swagger';
import { HttpErrorFilter } from './http-exception.filter.js';
import { InputShapeInterceptor } from './input-shape.interceptor.js';
import { createValidationPipe } from './validation.pipe.js';
import { httpCompression } from './http-compression.js';
import { applyHttpHardening, type BrowserAccess, type HttpSecurityConfig } from './http-hardening.js';
import { buildOpenApiDocument } from './openapi/openapi-document.js';
import { requestIdMiddleware } from './observability/request-context.js';
import { httpMetricsMiddleware, metricsEndpoint, ServiceMetrics } from './observability/service-metrics.js';

/** HTTP conventions shared by every service: /api prefix, /health outside it, /docs, one pipe, one filter. */
export function configureHttpApp(
  app: INestApplication,
  opts: { title: string; bodyLimit: string; security?: HttpSecurityConfig; browser?: BrowserAccess; metricsToken?: string },
): void {
  const express = app as NestExpressApplication;
  // First, so every line logged and every refusal timed while serving a request carries its id.
  express.use(requestIdMiddleware);
  const metrics = app.get(ServiceMetrics, { strict: false });
  express.use(httpMetricsMiddleware(metrics));
  express.use('/metrics', metricsEndpoint(metrics, opts.metricsToken));
  applyHttpHardening(express, opts.security, opts.browser);
  express.use(httpCompression());
  express.useBodyParser('json', { limit: opts.bodyLimit });
  express.useBodyParser('text', { limit: opts.bodyLimit, type: ['text/csv', 'text/plain'] });
  app.setGlobalPrefix('api', { exclude: ['health'] });
  // Flat query strings only (`a[b]=` stays one literal key): no parser builds objects from query keys.
  express.set('query parser', 'simple');
  app.useGlobalInterceptors(new InputShapeInterceptor());
  app.useGlobalPipes(createValidationPipe());
  app.useGlobalFilters(new HttpErrorFilter());
  app.enableShutdownHooks();
  if (opts.security?.DOCS_ENABLED === 'false') return;
  SwaggerModule.setup('docs', app, () => buildOpenApiDocument(app, opts.title));
}
