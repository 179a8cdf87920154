import type { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule, type OpenAPIObject } from '@nestjs/swagger';
import { RaiseAlertRequestDto, REQUEST_EXAMPLES } from '@cix/contracts';
import { describeValidatedClasses } from './validation-schema.js';
import { RESPONSE_SCHEMAS, SUCCESS_SCHEMAS, SUMMARIES, TAG_DESCRIPTIONS } from './response-schemas.js';

type Operation = {
  operationId?: string; summary?: string; description?: string; parameters?: Array<Record<string, unknown>>;
  requestBody?: Record<string, unknown>; responses: Record<string, Record<string, unknown>>; security?: unknown[];
};

const error = (description: string, schema = 'ErrorResponse') => ({ description, content: { 'application/json': { schema: { $ref: `#/components/schemas/${schema}` } } } });

/** Routes anyone may call; every other route needs a bearer token. */
const PUBLIC = new Set(['/health']);

/**
 * The OpenAPI 3.1 document of a service, built from its controllers (request shapes from the
 * class-validator rules, see validation-schema.ts) plus the conventions every route shares: the error
 * shape and codes of the one filter, bearer tokens, `Idempotency-Key`, `Accept-Language`.
 * The service serves it at /docs-json and `npm run openapi` writes the same document to openapi/.
 */
export function buildOpenApiDocument(app: INestApplication, title: string): OpenAPIObject {
  describeValidatedClasses(REQUEST_EXAMPLES);
  const config = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle(title)
    .setVersion('0.1.0')
    .setDescription('Caspian Intel Exchange — see README.md for the sharing model. Every error answers `{code, message}` or, for bad input, '
      + '`{code: "REQUEST.VALIDATION_FAILED", errors: [{field, rule, message}], errorCount}`; messages follow `Accept-Language` (en, ru), codes and fields never change.')
    .setLicense('Apache-2.0', 'https://www.apache.org/licenses/LICENSE-2.0')
    .addServer('/', 'this service')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT', description: "A token of the caller's agency identity provider (claims agency, role, unit, sub)" }, 'bearer')
    .build();
  // The alert schemas are shared by answers on every service, also where no route accepts the body.
  const doc = SwaggerModule.createDocument(app, config, { extraModels: [RaiseAlertRequestDto], operationIdFactory: (controller, method) => `${controller.replace(/HttpController$/, '')}_${method}` });
  return finish(doc);
}

function finish(doc: OpenAPIObject): OpenAPIObject {
  doc.components = {
    ...doc.components,
    schemas: { ...doc.components?.schemas, ...RESPONSE_SCHEMAS } as never,
    parameters: SHARED_COMPONENTS.parameters as never,
    headers: SHARED_COMPONENTS.headers,
  };
  doc.tags = [...new Set(Object.values(doc.paths).flatMap((p) => Object.values(p as Record<string, Operation>).flatMap((o) => (o as { tags?: string[] }).tags ?? [])))]
    .sort().map((name) => ({ name, description: TAG_DESCRIPTIONS[name] ?? name }));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(item as Record<string, Operation>)) {
      if (!op || typeof op !== 'object' || !('responses' in op)) continue;
      decorate(path, method, op);
    }
  }
  return pruneUnused(JSON.parse(JSON.stringify(doc)) as OpenAPIObject);
}

/** Shared definitions a service does not use are left out of its document. */
function pruneUnused(doc: OpenAPIObject): OpenAPIObject {
  const components = doc.components as Record<string, Record<string, unknown>>;
  const used = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') {
      for (const [k, x] of Object.entries(v)) {
        if (k === '$ref' && typeof x === 'string' && !used.has(x)) {
          used.add(x);
          const [, , kind, name] = x.split('/');
          visit(components[kind]?.[name]);
        } else visit(x);
      }
    }
  };
  visit(doc.paths);
  for (const kind of ['schemas', 'parameters', 'headers']) {
    for (const name of Object.keys(components[kind] ?? {})) if (!used.has(`#/components/${kind}/${name}`)) delete components[kind][name];
  }
  return doc;
}

function decorate(path: string, method: string, op: Operation): void {
  const isPublic = PUBLIC.has(path);
  // /health answers anyone; a token only adds details.
  op.security = isPublic ? [{}, { bearer: [] }] : [{ bearer: [] }];
  op.summary ??= SUMMARIES[op.operationId ?? ''];
  // Authorization is the security scheme's, never a parameter of its own.
  const own = (op.parameters ?? []).filter((p) => !(p.in === 'header' && String(p.name).toLowerCase() === 'authorization'));
  op.parameters = [...own.map(tidyParameter), { $ref: '#/components/parameters/AcceptLanguage' }];
  if (path === '/api/alerts/bulk' && op.requestBody) {
    const content = (op.requestBody as { content: Record<string, unknown> }).content;
    content['application/json'] = {
      schema: { type: 'array', minItems: 1, maxItems: 1000, items: { $ref: '#/components/schemas/RaiseAlertRequestDto' } },
    };
    content['text/csv'] = {
      schema: { type: 'string', description: 'A header row of field names (`commodity.category`, …), one report per row; lists separated by `;`' },
      example: 'kind,unit,occurredAt,commodity.category,commodity.description,distribution.level\nseizure,KZ-AKTAU,2026-07-04T04:36:00Z,drugs,heroin in a false floor of a container,regional\n',
    };
  }
  if (path === '/api/stream') op.parameters.push({ $ref: '#/components/parameters/LastEventId' });
  const success = SUCCESS_SCHEMAS[op.operationId ?? ''] ?? SUCCESS_SCHEMAS[`${method.toUpperCase()} ${path}`];
  for (const [status, response] of Object.entries(op.responses)) {
    if (!/^2/.test(status)) continue;
    if (!response.description) response.description = success?.description ?? 'OK';
    if (success?.content) response.content = success.content;
    if (success?.headers) response.headers = success.headers;
  }
  const r = op.responses;
  const hasInput = !!op.requestBody || (op.parameters ?? []).some((p) => (p as { in?: string }).in === 'query');
  if (hasInput || method === 'post') r['400'] = error('Bad input: every failing field with the rule it broke', 'ValidationErrorResponse');
  if (!isPublic) r['401'] = error('No valid token (AUTH.UNAUTHENTICATED)');
  if (method === 'post' || path.startsWith('/api/audit')) r['403'] = error('The caller\'s role may not do this (AUTH.FORBIDDEN)');
  if (path.includes('{id}')) r['404'] = error('Absent or not visible to the caller: both answer the same (RESOURCE.NOT_FOUND)');
  if (op.requestBody && /\{id\}/.test(path)) r['409'] = error('Stale expectedVersion (STREAM.VERSION_CONFLICT, with currentVersion) or not allowed in the alert\'s state (ALERT.INVALID_STATE)', 'VersionConflictResponse');
  if (method === 'post' && path === '/api/feedback')
    r['409'] = error('Already given, amend it with expectedVersion (FEEDBACK.ALREADY_GIVEN, with currentVersion and feedbackId), or a stale expectedVersion (FEEDBACK.VERSION_CONFLICT, with currentVersion)', 'FeedbackConflictResponse');
  if (op.requestBody) r['413'] = error('Body over the configured limit (REQUEST.TOO_LARGE)');
  if ((op.parameters ?? []).some((p) => (p as { $ref?: string }).$ref === '#/components/parameters/IdempotencyKey')) {
    r['422'] = error('Idempotency-Key reused for a different request (REQUEST.IDEMPOTENCY_KEY_REUSED)');
  }
  if (!isPublic) r['429'] = { ...error('Over a rate limit (REQUEST.RATE_LIMITED)'), headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } };
  if (method === 'post') r['503'] = { ...error('Nothing was written (STORE.UNAVAILABLE); retry with the same Idempotency-Key'), headers: { 'Retry-After': { $ref: '#/components/headers/RetryAfter' } } };
}

/** `@ApiHeader('Idempotency-Key')` and friends become references to the one shared definition. */
function tidyParameter(p: Record<string, unknown>): Record<string, unknown> {
  if (p.in === 'header' && typeof p.name === 'string' && p.name.toLowerCase() === 'idempotency-key') return { $ref: '#/components/parameters/IdempotencyKey' };
  if (p.in === 'header' && typeof p.name === 'string' && p.name.toLowerCase() === 'last-event-id') return { $ref: '#/components/parameters/LastEventId' };
  return p;
}

export const SHARED_COMPONENTS = {
  parameters: {
    IdempotencyKey: {
      name: 'Idempotency-Key', in: 'header', required: false,
      description: 'Makes a retried write safe: the same key with the same request answers the first result (with `Idempotent-Replayed: true`); with a different request, 422',
      schema: { type: 'string', pattern: '^[\\x21-\\x7E]{1,128}$' }, example: 'kz-aktau-2026-0701-1',
    },
    LastEventId: {
      name: 'Last-Event-ID', in: 'header', required: false,
      description: 'Sent by EventSource when it reconnects: the feed first delivers the events after that id the caller may see now, or `event: reset` when it no longer holds them (reload the lists)',
      schema: { type: 'string' },
    },
    AcceptLanguage: {
      name: 'Accept-Language', in: 'header', required: false,
      description: 'Language of error messages: `ru` for Russian, English otherwise. Codes and fields do not change.',
      schema: { type: 'string' }, example: 'ru',
    },
  },
  headers: {
    RetryAfter: { description: 'Seconds to wait before trying again', schema: { type: 'integer', minimum: 0 } },
  },
};

/** One document per kind of service: every national node serves the same API, whatever its agency. */
export const documentTitle = { hub: 'Caspian Intel Exchange — regional hub', node: 'Caspian Intel Exchange — national node' } as const;
