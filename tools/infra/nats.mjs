// nats-server with JetStream and one user per agency that may publish only on its own subjects,
// a hub user that may only consume through its named durable consumers (and recreate exactly those), and an operator user
// that alone creates and changes streams and consumers (at deployment: see streams.mjs).
import { execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import net from 'node:net';
import { freePort } from './ports.mjs';

export function findNatsServer() {
  for (const candidate of ['/usr/sbin/nats-server', '/usr/bin/nats-server', '/usr/local/bin/nats-server']) {
    if (existsSync(candidate)) return candidate;
  }
  try {
    return execFileSync('sh', ['-c', 'command -v nats-server'], { encoding: 'utf8' }).trim() || null;
  } catch {
    return null;
  }
}

/** Finds nats-server; installs Debian's package when missing and we are root; else explains. */
export function ensureNatsServer({ install = true } = {}) {
  let bin = findNatsServer();
  if (bin) return bin;
  if (install && process.getuid?.() === 0) {
    console.log('nats-server not found: installing Debian package nats-server …');
    execFileSync('apt-get', ['install', '-y', 'nats-server'], { stdio: 'inherit' });
    bin = findNatsServer();
    if (bin) return bin;
  }
  throw new Error('nats-server is required: install it with `sudo apt-get install -y nats-server` (or put it on PATH) and try again.');
}

/** Inbox prefix per user, so no user can read another's request replies. */
export const inboxPrefix = (user) => `_INBOX_${user.replace(/[^A-Za-z0-9]/g, '_')}`;

/** The deployment identity: provisions streams and consumers; no service runs with it. */
export const OPERATOR_USER = 'operator';
/** Names shared with @cix/contracts (test/security/bus-operator.e2e-spec.ts checks they agree). */
export const streamName = (agency) => `EVENTS_${agency}`;
export const agencySubjects = (agency) => `ccp.events.${agency}.>`;
export const hubDurableName = (agency) => `hub-${agency.toLowerCase()}`;

export function natsUsers(agencies, secretsFile) {
  let secrets = {};
  if (secretsFile && existsSync(secretsFile)) secrets = JSON.parse(readFileSync(secretsFile, 'utf8'));
  const users = {};
  for (const a of agencies)
    users[a] = { user: `node-${a.toLowerCase()}`, password: secrets[`node-${a.toLowerCase()}`] ?? randomBytes(18).toString('base64url') };
  users.hub = { user: 'hub', password: secrets.hub ?? randomBytes(18).toString('base64url') };
  users.operator = { user: OPERATOR_USER, password: secrets[OPERATOR_USER] ?? randomBytes(18).toString('base64url') };
  if (secretsFile) {
    mkdirSync(path.dirname(secretsFile), { recursive: true, mode: 0o700 });
    writeFileSync(secretsFile, JSON.stringify(Object.fromEntries(Object.values(users).map((u) => [u.user, u.password])), null, 2), { mode: 0o600 });
  }
  return users;
}

const q = (s) => JSON.stringify(s);
/** Environment variable holding a user's password in container deployments: NATS_PASSWORD_NODE_KZ, NATS_PASSWORD_HUB. */
export const passwordVar = (user) => `NATS_PASSWORD_${user.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;

/**
 * The server config: JetStream on loopback, per-agency publish rights, a hub that may only consume.
 * Nobody but the operator may touch the JetStream API beyond what is listed here: a node that could
 * call STREAM.UPDATE could purge its stream (max_msgs 1), pull in other agencies' streams (sources)
 * or capture the hub's inbox (subjects); a hub that could create other consumers could read anything.
 */
export function natsConfig({ port, storeDir, users, agencies, host = '127.0.0.1', passwordsFromEnv = false, tls, serverName, cluster, httpPort }) {
  // users.admin exists only for tests (startNats({ admin: true })): no restrictions, for tests that act as the server's owner.
  // For docker-compose the passwords come from the environment (NATS config expands $VARS), never the repo.
  const pw = (u) => (passwordsFromEnv ? `$${passwordVar(u.user)}` : q(u.password));
  const entry = (u, pub, sub) =>
    `    { user: ${q(u.user)}, password: ${pw(u)}, permissions: { publish: { allow: ${q(pub)} }, subscribe: { allow: ${q(sub)} } } }`;
  // STREAM.INFO of its own stream: read-only, lets the node tell "not provisioned yet" from other
  // publish failures (health and logs). Publish acks come back on its own inbox.
  const nodeUser = (a) => entry(users[a], [agencySubjects(a), `$JS.API.STREAM.INFO.${streamName(a)}`], [`${inboxPrefix(users[a].user)}.>`]);
  // Exactly the hub's durable consumers: read their info (delivery limits), pull, ack/nak/term, and
  // create them again if deleted (the client's CONSUMER.CREATE.<stream>.<name> without a filter
  // token; never DURABLE.CREATE, DELETE or another name). On nats-server 2.9 creating is also
  // updating; why that is acceptable: README, "Streams belong to the operator".
  const hubPub = agencies.flatMap((a) => {
    const c = `${streamName(a)}.${hubDurableName(a)}`;
    return [`$JS.API.CONSUMER.INFO.${c}`, `$JS.API.CONSUMER.MSG.NEXT.${c}`, `$JS.ACK.${c}.>`, `$JS.API.CONSUMER.CREATE.${c}`];
  });
  const hub = entry(users.hub, hubPub, [`${inboxPrefix(users.hub.user)}.>`]);
  const operator = users.operator ? [entry(users.operator, ['$JS.API.>', '$JS.ACK.>', '$JS.FC.>'], [`${inboxPrefix(users.operator.user)}.>`])] : [];
  const tlsBlock = tls
    ? `tls { cert_file: ${q(tls.certFile)}, key_file: ${q(tls.keyFile)}, ca_file: ${q(tls.caFile)}${tls.verify ? ', verify: true' : ''} }\n`
    : '';
  return `# generated by Caspian Intel Exchange; do not edit (regenerated at every start)
${serverName ? `server_name: ${q(serverName)}\n` : ''}listen: ${q(`${host}:${port}`)}
${httpPort ? `http: ${q(`${host}:${httpPort}`)}\n` : ''}jetstream { store_dir: ${q(storeDir)} }
${cluster ? clusterBlock(cluster, { host, passwordsFromEnv }) : ''}${tlsBlock}authorization {
  users = [
${[...agencies.map(nodeUser), hub, ...operator, ...(users.admin ? [`    { user: ${q(users.admin.user)}, password: ${q(users.admin.password)} }`] : [])].join(',\n')}
  ]
}
`;
}

/** Env variable holding the route password in container deployments (expanded by nats-server). */
export const ROUTE_PASSWORD_VAR = 'NATS_ROUTE_PASSWORD';
/** The user servers of one cluster authenticate their routes with (no client may use it). */
export const ROUTE_USER = 'route';

/**
 * The cluster block: routes only between the servers that know the route password, so nobody on
 * the host can join a server of their own and read every stream's replica. `routes` may be left out
 * (docker-compose passes them on the command line, where the password can be interpolated).
 */
function clusterBlock({ name, port, routes, password }, { host, passwordsFromEnv }) {
  const pw = passwordsFromEnv ? `$${ROUTE_PASSWORD_VAR}` : q(password);
  const routeList = routes?.length ? `\n  routes: [${routes.map(q).join(', ')}]` : '';
  return `cluster {
  name: ${q(name)}
  listen: ${q(`${host}:${port}`)}
  authorization { user: ${q(ROUTE_USER)}, password: ${pw} }${routeList}
}
`;
}

function waitForPort(port, timeoutMs = 10_000) {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const s = net.connect(port, '127.0.0.1');
      s.once('connect', () => {
        s.destroy();
        resolve();
      });
      s.once('error', () => {
        s.destroy();
        if (Date.now() - started > timeoutMs) reject(new Error(`nats-server did not open port ${port}`));
        else setTimeout(attempt, 50);
      });
    };
    attempt();
  });
}

/** Starts nats-server with a generated config in `dir`; returns { url, users, stop, restart }. */
export async function startNats({ dir, port, agencies, secretsFile, stdio = 'ignore', admin = false, tls }) {
  const bin = ensureNatsServer();
  mkdirSync(dir, { recursive: true });
  const users = natsUsers(agencies, secretsFile);
  if (admin) users.admin = { user: 'test-admin', password: randomBytes(18).toString('base64url') };
  const confFile = path.join(dir, 'nats.conf');
  writeFileSync(confFile, natsConfig({ port, storeDir: path.join(dir, 'jetstream'), users, agencies, tls }), { mode: 0o600 });
  let child;
  const start = async () => {
    child = spawn(bin, ['-c', confFile], { stdio });
    await waitForPort(port);
  };
  const stop = async () => {
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
  };
  await start();
  return {
    url: `${tls ? 'tls' : 'nats'}://127.0.0.1:${port}`,
    users,
    confFile,
    tls,
    stop,
    start,
    get process() {
      return child;
    },
  };
}

/** Client URL list of a cluster, as NATS_URL takes it: `nats://h:p1,nats://h:p2,…`. */
export const natsUrlList = (urls) => urls.join(',');

/**
 * A cluster of `size` nats-servers with JetStream on loopback: the same users and permissions as
 * startNats, routes authenticated with a generated password, a store dir and a monitoring port
 * (/jsz, /healthz) per server. `url` is the comma-separated list services take as NATS_URL.
 * Each server can be killed and started on its own (fault tests); `stop()` stops them all.
 */
export async function startNatsCluster({ dir, ports, clusterPorts, httpPorts, agencies, secretsFile, stdio = 'ignore', admin = false, name = 'cix' }) {
  const bin = ensureNatsServer();
  const size = ports.length;
  // Route and monitoring ports the caller leaves out are whatever the OS offers now.
  clusterPorts ??= await Promise.all(ports.map(() => freePort()));
  httpPorts ??= await Promise.all(ports.map(() => freePort()));
  mkdirSync(dir, { recursive: true });
  const users = natsUsers(agencies, secretsFile);
  if (admin) users.admin = { user: 'test-admin', password: randomBytes(18).toString('base64url') };
  // Every server's config is rewritten at each start, so the route password need not persist.
  const routePassword = randomBytes(18).toString('base64url');
  const routeUrl = (p) => `nats-route://${ROUTE_USER}:${encodeURIComponent(routePassword)}@127.0.0.1:${p}`;
  const servers = [];
  for (let i = 0; i < size; i++) {
    const serverName = `${name}-${i + 1}`;
    const serverDir = path.join(dir, serverName);
    mkdirSync(serverDir, { recursive: true });
    const confFile = path.join(serverDir, 'nats.conf');
    const conf = natsConfig({
      port: ports[i],
      storeDir: path.join(serverDir, 'jetstream'),
      users,
      agencies,
      serverName,
      httpPort: httpPorts[i],
      cluster: { name, port: clusterPorts[i], password: routePassword, routes: clusterPorts.filter((_, j) => j !== i).map(routeUrl) },
    });
    writeFileSync(confFile, conf, { mode: 0o600 });
    let child;
    const server = {
      name: serverName,
      url: `nats://127.0.0.1:${ports[i]}`,
      port: ports[i],
      monitorUrl: `http://127.0.0.1:${httpPorts[i]}`,
      confFile,
      storeDir: path.join(serverDir, 'jetstream'),
      async start() {
        if (child && child.exitCode === null && child.signalCode === null) return;
        child = spawn(bin, ['-c', confFile], { stdio });
        await waitForPort(ports[i]);
      },
      /** Sends a signal (SIGKILL for a crash, SIGSTOP/SIGCONT to freeze); resolves when a kill has ended it. */
      async kill(signal = 'SIGKILL') {
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = signal === 'SIGSTOP' || signal === 'SIGCONT' ? null : new Promise((r) => child.once('exit', r));
        child.kill(signal);
        await exited;
      },
      async stop() {
        if (!child || child.exitCode !== null || child.signalCode !== null) return;
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGCONT');
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      },
      get process() {
        return child;
      },
    };
    servers.push(server);
  }
  const stop = () => Promise.all(servers.map((s) => s.stop())).then(() => undefined);
  try {
    await Promise.all(servers.map((s) => s.start()));
    await waitForJetStreamCluster(servers);
  } catch (e) {
    await stop();
    throw e;
  }
  return {
    url: natsUrlList(servers.map((s) => s.url)),
    users,
    servers,
    confFile: servers[0].confFile,
    stop,
    start: () => Promise.all(servers.map((s) => s.start())).then(() => undefined),
  };
}

/** Resolves once every given server reports a JetStream meta leader (the cluster can create streams). */
export async function waitForJetStreamCluster(servers, timeoutMs = 30_000) {
  const deadline = Date.now() + timeoutMs;
  for (const s of servers) {
    for (;;) {
      try {
        const jsz = await (await fetch(`${s.monitorUrl}/jsz`)).json();
        if (jsz.meta_cluster?.leader) break;
      } catch {
        /* not up yet */
      }
      if (Date.now() > deadline) throw new Error(`NATS cluster: ${s.name} has no JetStream meta leader after ${timeoutMs / 1000}s`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
