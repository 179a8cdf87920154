// Starts one throwaway PostgreSQL for the whole test run (each suite makes its own databases) and
// checks that nats-server is installed (each suite starts its own, so JetStream state never leaks
// between suites). Builds dist/ once, before any suite runs: suites that run the CLI or real processes
// from it must not depend on another suite having built it first. Loaded by Node directly, hence .mjs.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, chmodSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { ensureDevKeys } from '../../tools/infra/keys.mjs';
import { ensureNatsServer } from '../../tools/infra/nats.mjs';
import { startPostgres } from '../../tools/infra/postgres.mjs';
import { freePort } from '../../tools/infra/ports.mjs';

export default async function globalSetup() {
  ensureNatsServer();
  execFileSync(process.execPath, ['scripts/build.mjs', '--quiet'], { stdio: 'inherit' });
  const tmp = mkdtempSync(path.join(os.tmpdir(), 'cix-test-'));
  chmodSync(tmp, 0o755);
  const keys = ensureDevKeys(path.join(tmp, 'keys'));
  // Suites run in parallel, each with a hub and nodes of its own (pools of up to 20 connections each).
  const pg = await startPostgres({ dataDir: path.join(tmp, 'postgres'), port: await freePort(), fast: true, settings: ['max_connections=400'] });
  globalThis.__cixTest = { pg, tmp };
  process.env.CIX_TEST_TMP = tmp;
  process.env.CIX_TEST_PG_ADMIN_URL = pg.adminUrl;
  process.env.CIX_TEST_PG_URL_PREFIX = pg.url('');
  process.env.CIX_TEST_KEYS = JSON.stringify(keys);
}
