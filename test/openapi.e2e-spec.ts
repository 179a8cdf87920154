// The API describes itself: the written documents (openapi/*.json, `npm run openapi`) pass a maintained
// OpenAPI linter, equal what the running services serve at /docs-json, and are enough for a newcomer's
// client to post a valid alert with every optional field on the first try.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { createConfig, lint } from '@redocly/openapi-core';
import { RAISE_ALERT_EXAMPLE } from '@cix/contracts';
import { seedDataset } from '../apps/cli/src/commands/seed.dataset.js';
import { call } from './support/http.js';
import { startHub, startNode, token, type RunningNode } from './support/platform.js';
import { startTestNats, type TestNats } from './support/test-env.js';

type Doc = { openapi: string; paths: Record<string, Record<string, any>>; components: { schemas: Record<string, any>; parameters: Record<string, any> } };
const file = (name: string) => path.resolve('openapi', `${name}.json`);
const written = (name: string): Doc => JSON.parse(readFileSync(file(name), 'utf8'));

/** Builds a request body from a schema alone: every property, optional ones included. */
function bodyFrom(doc: Doc, schema: any): unknown {
  if (schema.$ref) return bodyFrom(doc, doc.components.schemas[schema.$ref.split('/').pop()]);
  if (schema.allOf) return Object.assign({}, ...schema.allOf.map((s: any) => bodyFrom(doc, s)));
  if (schema.type === 'object' || schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, s]) => [k, bodyFrom(doc, s)]));
  }
  if (schema.type === 'array' && (schema.items?.$ref || schema.items?.type === 'object')) return [bodyFrom(doc, schema.items)];
  if (schema.example !== undefined) return schema.example;
  if (schema.enum) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  throw new Error(`the document gives no value for ${JSON.stringify(schema)}`);
}

describe('OpenAPI documents', () => {
  it('are OpenAPI 3.1 and pass the Redocly linter (recommended rules) without errors', async () => {
    const config = await createConfig({ extends: ['recommended'] });
    for (const name of ['hub', 'node']) {
      expect(written(name).openapi).toBe('3.1.0');
      const errors = (await lint({ ref: file(name), config })).filter((p) => p.severity === 'error');
      expect(errors.map((e) => `${name}: ${e.ruleId} ${e.message} at ${e.location?.[0]?.pointer}`)).toEqual([]);
    }
  });

  it('describe every field of the alert request, every query parameter, the error shape, headers and the bearer scheme', () => {
    const node = written('node');
    const hub = written('hub');
    const raise = node.components.schemas.RaiseAlertRequestDto;
    for (const field of ['eta', 'vessel', 'detectionMethod', 'handlingCode', 'parties', 'containers']) expect(raise.properties[field]).toBeDefined();
    expect(raise.required).toEqual(expect.arrayContaining(['kind', 'unit', 'occurredAt', 'commodity', 'distribution']));
    expect(raise.required).not.toContain('eta');
    const hubList = hub.paths['/api/alerts'].get.parameters.map((p: any) => p.name).filter(Boolean);
    expect(hubList).toEqual(
      expect.arrayContaining([
        'agency',
        'unit',
        'kind',
        'status',
        'commodity',
        'hsChapter',
        'container',
        'imo',
        'country',
        'from',
        'to',
        'q',
        'limit',
        'cursor',
      ]),
    );
    const post = node.paths['/api/alerts'].post;
    expect(post.responses['400'].content['application/json'].schema.$ref).toBe('#/components/schemas/ValidationErrorResponse');
    expect(node.components.schemas.ValidationErrorResponse.properties).toEqual(
      expect.objectContaining({ code: expect.anything(), errors: expect.anything(), errorCount: expect.anything() }),
    );
    expect(post.parameters).toContainEqual({ $ref: '#/components/parameters/IdempotencyKey' });
    expect(hub.paths['/api/stream'].get.parameters).toContainEqual({ $ref: '#/components/parameters/LastEventId' });
    expect(post.security).toEqual([{ bearer: [] }]);
  });

  it("are what the console's generated types were made from (no hand-copied API types)", () => {
    const generated = execFileSync(process.execPath, ['node_modules/openapi-typescript/bin/cli.js', file('hub')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    expect(generated === readFileSync('apps/web-console/src/api/schema.d.ts', 'utf8')).toBe(true);
  });

  it('show examples taken from the demo data set', () => {
    // Every example value of the report is one a seeded alert carries at the same place (the demo set has no vessel or bill of lading).
    const seen = new Map<string, Set<string>>();
    const walk = (v: unknown, at: string): void => {
      if (Array.isArray(v)) v.forEach((x) => walk(x, `${at}[]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) walk(x, at ? `${at}.${k}` : k);
      else seen.set(at, (seen.get(at) ?? new Set()).add(JSON.stringify(v)));
    };
    for (const s of seedDataset()) walk(s.body, '');
    const example = new Map<string, Set<string>>();
    const seenBefore = seen;
    const collect = (v: unknown, at: string): void => {
      if (Array.isArray(v)) v.forEach((x) => collect(x, `${at}[]`));
      else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) collect(x, at ? `${at}.${k}` : k);
      else example.set(at, (example.get(at) ?? new Set()).add(JSON.stringify(v)));
    };
    collect(RAISE_ALERT_EXAMPLE, '');
    const notFromSeed = [...example].flatMap(([at, values]) => [...values].filter((v) => !seenBefore.get(at)?.has(v)).map((v) => `${at}=${v}`));
    expect(notFromSeed.filter((x) => !/^(vessel\.|billOfLading=)/.test(x))).toEqual([]);
  });
});

describe('OpenAPI against the running services', () => {
  let nats: TestNats;
  let hub: Awaited<ReturnType<typeof startHub>>;
  let node: RunningNode;
  let officer: string;

  beforeAll(async () => {
    nats = await startTestNats(['KZ']);
    hub = await startHub(nats, ['KZ']);
    node = await startNode('KZ', nats, undefined, hub.url);
    officer = await token('KZ', 'officer', 'KZ-AKTAU');
  }, 90_000);

  afterAll(async () => {
    await node?.app.close();
    await hub?.app.close();
    await nats?.stop();
  });

  it('serve at /docs-json exactly the documents written to openapi/ (run `npm run openapi` after changing the API)', async () => {
    expect((await call('GET', `${hub.url}/docs-json`)).body).toEqual(written('hub'));
    expect((await call('GET', `${node.url}/docs-json`)).body).toEqual(written('node'));
  });

  it('let a client built from the document alone post an alert with every optional field on the first try', async () => {
    const doc = written('node');
    const op = doc.paths['/api/alerts'].post;
    const schema = op.requestBody.content['application/json'].schema;
    const body = bodyFrom(doc, schema) as Record<string, unknown>;
    const raise = doc.components.schemas.RaiseAlertRequestDto;
    expect(Object.keys(body).sort()).toEqual(Object.keys(raise.properties).sort());
    const idempotency = doc.components.parameters.IdempotencyKey;
    const res = await call('POST', `${node.url}/api/alerts`, { token: officer, body, headers: { [idempotency.name]: idempotency.example } });
    expect(res.body).toEqual(expect.objectContaining({ kind: body.kind }));
    expect(res.status).toBe(201);
    // acknowledgedWarnings is an instruction of the request (C4), not part of the alert.
    for (const [k, v] of Object.entries(body)) if (k !== 'containers' && k !== 'acknowledgedWarnings') expect([k, res.body[k]]).toEqual([k, v]);
    expect(res.body.warnings).toEqual([]);
  });
});

describe("errors in the caller's language", () => {
  let nats: TestNats;
  let node: RunningNode;
  let officer: string;

  beforeAll(async () => {
    nats = await startTestNats(['KZ']);
    node = await startNode('KZ', nats);
    officer = await token('KZ', 'officer', 'KZ-AKTAU');
  }, 90_000);

  afterAll(async () => {
    await node?.app.close();
    await nats?.stop();
  });

  const bad = {
    ...RAISE_ALERT_EXAMPLE,
    commodity: { category: 'drugs', description: 'x', hsCode: '29' },
    handlingCode: 'H9',
    containers: ['CSQU3054384'],
    surprise: 1,
  };

  it('answers Accept-Language: ru with Russian messages; codes, fields and rules stay the same', async () => {
    const en = await call('POST', `${node.url}/api/alerts`, { token: officer, body: bad });
    const ru = await call('POST', `${node.url}/api/alerts`, { token: officer, body: bad, headers: { 'accept-language': 'ru-RU,ru;q=0.9,en;q=0.5' } });
    expect(en.status).toBe(400);
    expect(ru.status).toBe(400);
    expect(ru.body.code).toBe(en.body.code);
    expect(ru.body.errorCount).toBe(en.body.errorCount);
    const strip = (b: any) => b.errors.map((e: any) => ({ field: e.field, rule: e.rule }));
    expect(strip(ru.body)).toEqual(strip(en.body));
    expect(strip(ru.body)).toEqual(
      expect.arrayContaining([
        { field: 'commodity.hsCode', rule: 'hsCode' },
        { field: 'handlingCode', rule: 'isIn' },
        { field: 'surprise', rule: 'unknownField' },
      ]),
    );
    for (const e of ru.body.errors) expect(e.message).toMatch(/[а-яё]/i);
    const check = ru.body.errors.find((e: any) => e.rule === 'checkDigit');
    expect(check.message).toContain('контрольная цифра ISO 6346 должна быть 3');
    expect(ru.headers.get('content-language')).toBe('ru');
    for (const e of en.body.errors) expect(e.message).not.toMatch(/[а-яё]/i);
  });

  it('translates domain errors too (404, 401), and keeps English for other languages', async () => {
    const missing = `${node.url}/api/alerts/00000000-0000-4000-8000-000000000000`;
    const ru = await call('GET', missing, { token: officer, headers: { 'accept-language': 'ru' } });
    const de = await call('GET', missing, { token: officer, headers: { 'accept-language': 'de' } });
    expect([ru.status, ru.body.code]).toEqual([404, 'RESOURCE.NOT_FOUND']);
    expect(ru.body.message).toBe('не найдено');
    expect([de.status, de.body.code, de.body.message]).toEqual([404, 'RESOURCE.NOT_FOUND', 'alert not found']);
    const anon = await call('GET', `${node.url}/api/alerts`, { headers: { 'accept-language': 'ru' } });
    expect([anon.status, anon.body.code]).toEqual([401, 'AUTH.UNAUTHENTICATED']);
    expect(anon.body.message).toMatch(/[а-яё]/i);
  });

  it('serves reference data with English and Russian labels for every code', async () => {
    const ref = (await call('GET', `${node.url}/api/reference`, { token: officer })).body;
    for (const list of ['agencies', 'units', 'commodityCategories', 'detectionMethods', 'concealmentMethods', 'conveyances', 'quantityUnits']) {
      const codes = (ref[list] as Array<string | { code: string }>).map((x) => (typeof x === 'string' ? x : x.code));
      for (const lang of ['en', 'ru']) expect([list, lang, codes.filter((c) => !ref.labels[lang][list]?.[c])]).toEqual([list, lang, []]);
    }
    expect(ref.labels.ru.detectionMethods.dog).toBe('Служебная собака');
    expect(ref.labels.en.units['KZ-AKTAU']).toBe('PCU Aktau sea port');
  });
});
