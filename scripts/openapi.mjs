// Writes the OpenAPI documents of the hub and of a national node to openapi/hub.json and openapi/node.json.
// The apps are built with their whole module graph in Nest's preview mode (nothing is instantiated),
// so no database, NATS or keys are needed; the documents equal what each service serves at /docs-json
// (test/openapi.e2e-spec.ts checks that). Run after `node scripts/build.mjs` (npm run openapi does).
import 'reflect-metadata';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const dist = (p) => path.join(root, 'dist', p);
const { NestFactory } = await import('@nestjs/core');
const { HubEnv, NodeEnv, loadConfig } = await import(dist('libs/config/src/index.js'));
const { buildOpenApiDocument } = await import(dist('libs/platform/src/index.js'));
const { NodeModule } = await import(dist('apps/national-node/src/node.module.js'));
const { HubModule } = await import(dist('apps/regional-hub/src/hub.module.js'));
const { documentTitle } = await import(dist('libs/platform/src/openapi/openapi-document.js'));

// Placeholders that satisfy the validated schemas; preview mode never connects or reads a key.
const env = {
  DATABASE_URL: 'postgres://openapi@127.0.0.1:1/openapi',
  AUTH_ISSUERS: 'KZ=/nonexistent.pem',
  NODE_PUBLIC_KEYS: ' ',
  NODE_SIGNING_KEY_FILE: '/nonexistent',
  NODE_SIGNING_KEY_ID: 'openapi',
  HUB_SIGNING_KEY_FILE: '/nonexistent',
  HUB_SIGNING_KEY_ID: 'openapi',
  AGENCY: 'KZ',
};

async function document(module, title) {
  const app = await NestFactory.create(module, { preview: true, logger: false, abortOnError: false });
  app.setGlobalPrefix('api', { exclude: ['health'] }); // as configureHttpApp does
  const doc = buildOpenApiDocument(app, title);
  await app.close();
  return doc;
}

const outDir = path.join(root, 'openapi');
await mkdir(outDir, { recursive: true });
const hub = await document(HubModule.forRoot(loadConfig(HubEnv, env)), documentTitle.hub);
const node = await document(NodeModule.forRoot(loadConfig(NodeEnv, env)), documentTitle.node);
await writeFile(path.join(outDir, 'hub.json'), JSON.stringify(hub, null, 2) + '\n');
await writeFile(path.join(outDir, 'node.json'), JSON.stringify(node, null, 2) + '\n');
if (!process.argv.includes('--quiet'))
  console.log(`wrote openapi/hub.json (${Object.keys(hub.paths).length} paths) and openapi/node.json (${Object.keys(node.paths).length} paths)`);
