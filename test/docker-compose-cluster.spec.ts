import { readFileSync } from 'node:fs';
import { describe, expect, it } from '@jest/globals';
import { parse } from 'yaml';
import { HubEnv, loadConfig, NodeEnv } from '@cix/config';
import { natsServers } from '@cix/messaging';
import { composeNatsConfig } from '../scripts/generate-deploy-config.mjs';

// Docker cannot run on the development machines: this checks docker-compose.cluster.yml's shape
// (3 NATS servers routed to each other, R3 streams provisioned by the operator, 2 hub replicas)
// and that every service is the one docker-compose.yml runs (checked by docker-compose.spec.ts),
// changed only where the cluster needs it.
const load = (file: string) => parse(readFileSync(file, 'utf8'), { merge: true }) as { services: Record<string, any>; volumes: Record<string, unknown> };
const cluster = load('docker-compose.cluster.yml');
const single = load('docker-compose.yml').services;
const services = cluster.services;
const NATS = ['nats-1', 'nats-2', 'nats-3'];
const NODES = ['node-az', 'node-kz', 'node-tm'];
const HUBS = ['hub-1', 'hub-2'];
const substitute = (env: Record<string, string>) =>
  Object.fromEntries(
    Object.entries(env).map(([k, v]) => [
      k,
      String(v).replace(/\$\{([A-Z0-9_]+)[^}]*\}/g, (_m, n: string) => (n === 'HUB_CURSOR_KEY' ? 'ab'.repeat(32) : `x-${n}`)),
    ]),
  );
const arg = (command: string[], flag: string) => command[command.indexOf(flag) + 1];

describe('docker-compose.cluster.yml', () => {
  it('runs postgres, three NATS servers, the provisioning step, the three nodes and two hub replicas', () => {
    expect(Object.keys(services).sort()).toEqual(['nats-provision', 'postgres', ...NATS, ...NODES, ...HUBS].sort());
    for (const [name, s] of Object.entries(services)) if (name !== 'nats-provision') expect(s.healthcheck?.test).toBeDefined();
  });

  it('gives each NATS server its own name and store, and routes it to the two others with the route password', () => {
    const names = new Set<string>();
    const stores = new Set<string>();
    for (const name of NATS) {
      const s = services[name];
      expect(s.image).toMatch(/^nats:2\.(1\d|9)/);
      names.add(arg(s.command, '--server_name'));
      const data = (s.volumes as string[]).find((v) => v.endsWith(':/data'))!;
      stores.add(data.split(':')[0]);
      expect(Object.keys(cluster.volumes)).toContain(data.split(':')[0]);
      expect(s.volumes).toContain('./deploy/nats-cluster.conf:/etc/nats/nats.conf:ro');
      const routes = arg(s.command, '--routes').split(',');
      expect(routes.map((r: string) => /@([a-z0-9-]+):6222$/.exec(r)![1]).sort()).toEqual(NATS.filter((n) => n !== name));
      for (const r of routes) expect(r).toMatch(/^nats-route:\/\/route:\$\{NATS_ROUTE_PASSWORD\}@/);
      expect(s.environment).toEqual({ ...single.nats.environment, NATS_ROUTE_PASSWORD: expect.stringContaining('NATS_ROUTE_PASSWORD') });
      expect(s.ports).toBeUndefined(); // client, route and monitoring ports stay on the compose network
    }
    expect([...names].sort()).toEqual(NATS);
    expect(stores.size).toBe(3);
  });

  it('gives the servers the generated config: the same users and permissions as the single server, plus an authenticated cluster', () => {
    const conf = readFileSync('deploy/nats-cluster.conf', 'utf8');
    expect(conf).toBe(composeNatsConfig({ cluster: true }));
    expect(conf).toContain(readFileSync('deploy/nats.conf', 'utf8').slice(readFileSync('deploy/nats.conf', 'utf8').indexOf('authorization {')));
    expect(conf).toMatch(/cluster \{\s+name: "cix"\s+listen: "0\.0\.0\.0:6222"\s+authorization \{ user: "route", password: \$NATS_ROUTE_PASSWORD \}/);
  });

  it('provisions every agency stream with 3 replicas as the operator, once all three servers are healthy', () => {
    const p = services['nats-provision'];
    expect(p.environment.STREAM_REPLICAS).toBe('3');
    expect(p.environment.NATS_USER).toBe('operator');
    expect(p.command).toEqual(single['nats-provision'].command);
    expect(p.environment.PROVISION_AGENCIES).toBe(single['nats-provision'].environment.PROVISION_AGENCIES);
    expect(natsServers(p.environment.NATS_URL)).toEqual(NATS.map((n) => `nats://${n}:4222`));
    for (const n of NATS) expect(p.depends_on[n].condition).toBe('service_healthy');
  });

  it.each([...NODES, ...HUBS])('%s is the single-file service, with NATS_URL listing all three servers and a valid config', (name) => {
    const s = services[name];
    const base = single[name.startsWith('hub') ? 'hub' : name];
    const differs = ['NATS_URL', ...(name.startsWith('node') ? ['HUB_URL'] : [])];
    const strip = (env: Record<string, string>) => Object.fromEntries(Object.entries(env).filter(([k]) => !differs.includes(k)));
    expect(strip(s.environment)).toEqual(strip(base.environment));
    for (const k of ['command', 'secrets', 'volumes', 'build', 'image']) expect(s[k]).toEqual(base[k]);
    expect(natsServers(s.environment.NATS_URL)).toEqual(NATS.map((n) => `nats://${n}:4222`));
    for (const dep of ['postgres', ...NATS]) expect(s.depends_on[dep].condition).toBe('service_healthy');
    expect(s.depends_on['nats-provision'].condition).toBe('service_completed_successfully');
    const config = loadConfig((name.startsWith('hub') ? HubEnv : NodeEnv) as typeof NodeEnv, substitute(s.environment));
    expect(config.NATS_URL).toBe(s.environment.NATS_URL);
    if (name.startsWith('node')) expect(HUBS.map((h) => `http://${h}:3000`)).toContain(s.environment.HUB_URL);
  });

  it('runs the two hub replicas on one database with one cursor key, each published on its own loopback port', () => {
    const [a, b] = HUBS.map((h) => services[h]);
    expect(a.environment).toEqual(b.environment);
    expect(a.environment.DATABASE_URL).toMatch(/@postgres:5432\/ccp_hub$/);
    const published = HUBS.map((h) => services[h].ports as string[]).flat();
    expect(published).toHaveLength(2);
    for (const p of published) expect(p).toMatch(/^127\.0\.0\.1:\d+:3000$/);
    expect(new Set(published.map((p) => p.split(':')[1])).size).toBe(2);
  });
});
