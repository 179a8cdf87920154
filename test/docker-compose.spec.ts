import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { configKeys, HubEnv, loadConfig, NodeEnv } from '@cix/config';
import { composeNatsConfig } from '../scripts/generate-deploy-config.mjs';

// Docker cannot run on the development machines, so this checks docker-compose.yml against what
// the code expects: the services, their entry points, ports, environment and the NATS users.
const compose = parse(readFileSync('docker-compose.yml', 'utf8'), { merge: true });
const services = compose.services as Record<string, any>;
const substitute = (env: Record<string, string>) =>
  Object.fromEntries(Object.entries(env).map(([k, v]) => [k, String(v).replace(/\$\{([A-Z0-9_]+)[^}]*\}/g, (_m, name) => `test-${name.toLowerCase()}`)]));

const apps = [
  { name: 'node-az', schema: NodeEnv, entry: 'apps/national-node/src/main.ts', agency: 'AZ' },
  { name: 'node-kz', schema: NodeEnv, entry: 'apps/national-node/src/main.ts', agency: 'KZ' },
  { name: 'node-tm', schema: NodeEnv, entry: 'apps/national-node/src/main.ts', agency: 'TM' },
  { name: 'hub', schema: HubEnv, entry: 'apps/regional-hub/src/main.ts', agency: null },
];

describe('docker-compose.yml', () => {
  it('has postgres, nats, the three national nodes and the hub, each with a healthcheck', () => {
    expect(Object.keys(services).sort()).toEqual(['hub', 'nats', 'node-az', 'node-kz', 'node-tm', 'postgres']);
    for (const s of Object.values(services)) expect(s.healthcheck?.test).toBeDefined();
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
    for (const { name } of apps) {
      const user = services[name].environment.NATS_USER;
      expect(conf).toContain(`user: "${user}"`);
      const passwordVar = `NATS_PASSWORD_${user.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
      expect(conf).toContain(`$${passwordVar}`);
      expect(Object.keys(services.nats.environment)).toContain(passwordVar);
      expect(services[name].environment.NATS_PASSWORD).toContain(passwordVar);
    }
  });
});
