import { execFileSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { DataSource } from 'typeorm';
import { loadConfig, NodeEnv } from '@cix/config';
import { databaseOptions } from '@cix/platform';
import { createNationalNode } from '../../apps/national-node/src/bootstrap.js';
import { startPostgres, type RunningPostgres } from '../../tools/infra/postgres.mjs';
import { call } from '../support/http.js';
import { nodeEnv } from '../support/platform.js';
import { makePki } from '../support/pki.js';
import { startTestNats, testPort, tmpRoot, type TestNats } from '../support/test-env.js';

// Issue 10, item 10: PostgreSQL connections use TLS by configuration (DATABASE_SSL_CA_FILE, or
// sslmode in DATABASE_URL), against a server that accepts nothing but TLS.
describe('PostgreSQL over TLS', () => {
  let pki: ReturnType<typeof makePki>;
  let pg: RunningPostgres;
  let url: string;

  beforeAll(async () => {
    pki = makePki();
    const dir = mkdtempSync(path.join(tmpRoot, 'pg-tls-'));
    chmodSync(dir, 0o755);
    const certs = path.join(dir, 'certs');
    mkdirSync(certs);
    copyFileSync(pki.serverCert, path.join(certs, 'server.pem'));
    copyFileSync(pki.serverKey, path.join(certs, 'server.key'));
    chmodSync(path.join(certs, 'server.key'), 0o600);
    // Only TLS connections over TCP; the admin socket stays local.
    writeFileSync(path.join(certs, 'pg_hba.conf'), 'local all all trust\nhostssl all all 127.0.0.1/32 trust\n');
    if (process.getuid?.() === 0) execFileSync('chown', ['-R', 'postgres:postgres', certs]); // the server runs as postgres when we are root
    pg = await startPostgres({
      dataDir: path.join(dir, 'data'),
      port: await testPort(),
      fast: true,
      settings: ['ssl=on', `ssl_cert_file=${certs}/server.pem`, `ssl_key_file=${certs}/server.key`, `hba_file=${certs}/pg_hba.conf`],
    });
    url = pg.url('postgres');
  }, 60_000);
  afterAll(() => pg?.stop());

  const sslOf = async (options: ReturnType<typeof databaseOptions>) => {
    const db = new DataSource(options as ConstructorParameters<typeof DataSource>[0]);
    await db.initialize();
    try {
      const [{ ssl }] = await db.query('SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()');
      return ssl as boolean;
    } finally {
      await db.destroy();
    }
  };
  const noMigrations = (o: ReturnType<typeof databaseOptions>) => ({ ...o, migrationsRun: false });

  it('connects encrypted with DATABASE_SSL_CA_FILE, and with sslmode=verify-full in the URL', async () => {
    expect(await sslOf(noMigrations(databaseOptions(url, [], 'tls-test', pki.ca)))).toBe(true);
    expect(await sslOf(noMigrations(databaseOptions(`${url}?sslmode=verify-full&sslrootcert=${pki.ca}`, [], 'tls-test')))).toBe(true);
  });

  it('is refused without TLS, and with TLS against a CA that did not sign the server certificate', async () => {
    await expect(sslOf(noMigrations(databaseOptions(url, [], 'tls-test')))).rejects.toThrow(/no encryption|pg_hba/);
    await expect(sslOf(noMigrations(databaseOptions(url, [], 'tls-test', makePki().ca)))).rejects.toThrow(/certificate/);
  });

  describe('a national node configured with DATABASE_SSL_CA_FILE', () => {
    let nats: TestNats;
    beforeAll(async () => {
      nats = await startTestNats(['KZ']);
    });
    afterAll(() => nats?.stop());

    it('runs its migrations and serves over the encrypted connection', async () => {
      const env = { ...nodeEnv('KZ', url, nats), DATABASE_SSL_CA_FILE: pki.ca } as unknown as Record<string, string>;
      const app = await createNationalNode(loadConfig(NodeEnv, env));
      await app.listen(0, '127.0.0.1');
      try {
        const health = await call('GET', `${(await app.getUrl()).replace('[::1]', '127.0.0.1')}/health`);
        expect(health.body.database).toBe('up');
      } finally {
        await app.close();
      }
    }, 60_000);
  });
});
