import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { configKeys, HubEnv, loadConfig, NodeEnv } from '@cix/config';
import { composeNatsConfig } from '../scripts/generate-deploy-config.mjs';

// Docker cannot run on the development machines, so this checks docker-compose.yml against what
// the code expects: the services, their entry points, ports, environment and the NATS users.
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true });
const services = compose.services as Record<string, any>;
// What an operator puts in .env: a placeholder, or a sample of the required format.
const SAMPLES: Record<string, string> = { HUB_CURSOR_KEY: '0123456789abcdef'.repeat(4) };
const substitute = (env: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      String(v).replace(/\$\{([A-Z0-9_]+)[^}]*\}/g, (_m, name: string) => SAMPLES[name] ?? `test-${name.toLowerCase()}`),
    ]),
  );

const apps = [
  { name: 'node-az', schema: NodeEnv, entry: 'apps/national-node/src/main.ts', agency: 'AZ' },
  { name: 'node-kz', schema: NodeEnv, entry: 'apps/national-node/src/main.ts', agency: 'KZ' },
  { name: 'node-tm', schema: NodeEnv, entry: 'apps/national-node/src/main.ts', agency: 'TM' },
  { name: 'hub', schema: HubEnv, entry: 'apps/regional-hub/src/main.ts', agency: null },
];

describe('docker-compose.yml', () => {
  it('has postgres, nats, the provisioning step, the three national nodes and the hub, each long-running one with a healthcheck', () => {
    expect(Object.keys(services).sort()).toEqual(['hub', 'nats', 'nats-provision', 'node-az', 'node-kz', 'node-tm', 'postgres']);
    for (const [name, s] of Object.entries(services)) if (name !== 'nats-provision') expect(s.healthcheck?.test).toBeDefined();
  });

  it.each(apps)('$name is built from the one Dockerfile and runs an entry point that exists', ({ name, entry }) => {
    const s = services[name];
    expect(s.build).toEqual({ context: '.', dockerfile: 'Dockerfile' });
    const script = (s.command as string[]).find((c) => c.startsWith('dist/'))!;
    expect(script.replace(/^dist\//, '').replace(/\.js$/, '.ts')).toBe(entry);
    expect(existsSync(entry)).toBe(true);
    expect(existsSync('Dockerfile')).toBe(true);
  });

  it.each(apps)('$name sets every required variable of its config schema, no unknown ones, and valid values', ({ name, schema, agency }) => {
    const env = substitute(services[name].environment);
    const keys = configKeys(schema);
    for (const k of keys.filter((k) => k.required)) expect(Object.keys(env)).toContain(k.name);
    const known = keys.map((k) => k.name);
    expect(Object.keys(env).filter((k) => !known.includes(k))).toEqual([]);
    const config = loadConfig(schema as typeof NodeEnv, env) as NodeEnv & HubEnv;
    if (agency) expect(config.AGENCY).toBe(agency);
    expect(config.HOST).toBe('0.0.0.0');
  });

  it.each(apps)('$name publishes the port it listens on (loopback only) and reaches postgres and nats by service name', ({ name }) => {
    const s = services[name];
    const port = s.environment.PORT;
    expect(s.ports).toEqual([`127.0.0.1:${port}:${port}`]);
    expect(s.environment.DATABASE_URL).toMatch(/@postgres:5432\/ccp_[a-z]+$/);
    expect(s.environment.NATS_URL).toBe('nats://nats:4222');
    expect(s.healthcheck.test.join(' ')).toContain(`127.0.0.1:${port}/health`);
    for (const dep of ['postgres', 'nats']) expect(s.depends_on[dep].condition).toBe('service_healthy');
    expect(s.depends_on['nats-provision'].condition).toBe('service_completed_successfully');
  });

  it('creates every database the services use', () => {
    const init = readFileSync('deploy/postgres-init.sql', 'utf8');
    for (const { name } of apps) {
      const db = /\/(ccp_[a-z]+)$/.exec(services[name].environment.DATABASE_URL)![1];
      expect(init).toContain(`CREATE DATABASE ${db};`);
    }
  });

  it('gives nats the generated per-agency users config, with every service user and password variable', () => {
    const conf = readFileSync('deploy/nats.conf', 'utf8');
    expect(conf).toBe(composeNatsConfig());
    expect(services.nats.volumes).toContain('./deploy/nats.conf:/etc/nats/nats.conf:ro');
    for (const { name } of [...apps, { name: 'nats-provision' }]) {
      const user = services[name].environment.NATS_USER;
      expect(conf).toContain(`user: "${user}"`);
      const passwordVar = `NATS_PASSWORD_${user.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
      expect(conf).toContain(`$${passwordVar}`);
      expect(Object.keys(services.nats.environment)).toContain(passwordVar);
      expect(services[name].environment.NATS_PASSWORD).toContain(passwordVar);
    }
  });

  it('provisions the streams and the hub consumers as the operator, with a script the image contains', () => {
    const p = services['nats-provision'];
    expect(p.environment.NATS_USER).toBe('operator');
    expect(p.environment.NATS_URL).toBe('nats://nats:4222');
    expect(p.environment.PROVISION_AGENCIES.split(',').sort()).toEqual(
      apps
        .filter((a) => a.agency)
        .map((a) => a.agency)
        .sort(),
    );
    const script = (p.command as string[]).find((c) => c.endsWith('.mjs'))!;
    expect(existsSync(script)).toBe(true);
    expect(readFileSync('Dockerfile', 'utf8')).toMatch(/COPY --from=build \/app\/tools \.\/tools/);
    for (const { name } of apps) expect(services[name].environment.NATS_USER).not.toBe('operator');
  });
});

// Issue 10, item 10: each container holds its own private key and the public keys it trusts, nothing more.
describe('docker-compose.yml: keys', () => {
  const KEYS = './.data/keys/';
  /** Host key files a service can read: its bind mounts and docker secrets, mapped to where they appear. */
  const keyFiles = (name: string): Map<string, string> => {
    const s = services[name];
    const out = new Map<string, string>();
    for (const v of (s.volumes ?? []) as Array<string | { source: string; target: string }>) {
      const [source, target] = typeof v === 'string' ? v.split(':') : [v.source, v.target];
      if (source.startsWith('./.data') || source === '.' || source === './') out.set(source, target);
    }
    for (const ref of (s.secrets ?? []) as Array<string | { source: string; target?: string }>) {
      const secret = typeof ref === 'string' ? ref : ref.source;
      const target = typeof ref === 'string' || !ref.target ? `/run/secrets/${secret}` : ref.target.startsWith('/') ? ref.target : `/run/secrets/${ref.target}`;
      out.set(compose.secrets[secret].file, target);
    }
    return out;
  };
  const expected: Record<string, string[]> = {
    'node-az': ['node-AZ.key.pem', 'issuer-AZ.pub.pem'],
    'node-kz': ['node-KZ.key.pem', 'issuer-KZ.pub.pem'],
    'node-tm': ['node-TM.key.pem', 'issuer-TM.pub.pem'],
    hub: [
      'hub.key.pem',
      'node-AZ.pub.pem',
      'node-KZ.pub.pem',
      'node-TM.pub.pem',
      'issuer-AZ.pub.pem',
      'issuer-KZ.pub.pem',
      'issuer-TM.pub.pem',
      'issuer-CCP.pub.pem',
    ],
    postgres: [],
    nats: [],
    'nats-provision': [],
  };

  it.each(Object.keys(expected))('%s gets only its own private key (if it signs) and the public keys it trusts, file by file', (name) => {
    const files = keyFiles(name);
    for (const source of files.keys()) expect(source.startsWith(KEYS) && source.length > KEYS.length).toBe(true); // never the folder itself
    expect([...files.keys()].map((f) => f.slice(KEYS.length)).sort()).toEqual([...expected[name]].sort());
  });

  it("no service can read another service's private key, and no issuer private key goes into any container", () => {
    const owners = new Map<string, string[]>();
    for (const name of Object.keys(services)) {
      for (const source of keyFiles(name).keys()) {
        if (source.endsWith('.key.pem')) owners.set(source, [...(owners.get(source) ?? []), name]);
      }
    }
    expect(Object.fromEntries(owners)).toEqual({
      [`${KEYS}node-AZ.key.pem`]: ['node-az'],
      [`${KEYS}node-KZ.key.pem`]: ['node-kz'],
      [`${KEYS}node-TM.key.pem`]: ['node-tm'],
      [`${KEYS}hub.key.pem`]: ['hub'],
    });
    expect(JSON.stringify(compose)).not.toMatch(/issuer-[A-Z]+\.key\.pem/);
  });

  it.each(apps)('$name finds every key file its configuration names where it is mounted', ({ name }) => {
    const env = services[name].environment as Record<string, string>;
    const mounted = new Set(keyFiles(name).values());
    const named = [
      env.NODE_SIGNING_KEY_FILE,
      env.HUB_SIGNING_KEY_FILE,
      ...env.AUTH_ISSUERS.split(',').map((e) => e.slice(e.indexOf('=') + 1)),
      ...(env.NODE_PUBLIC_KEYS ?? '')
        .split(',')
        .filter(Boolean)
        .map((e) => e.slice(e.indexOf('=') + 1)),
    ].filter(Boolean);
    for (const file of named) expect(mounted).toContain(file);
    expect(named.length).toBe(mounted.size);
  });
});
