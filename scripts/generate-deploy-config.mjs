// Writes deploy/nats.conf (docker-compose.yml) and deploy/nats-cluster.conf (docker-compose.cluster.yml,
// one file for the three servers) from the same generator the local stack uses. Passwords are
// $VARIABLES expanded by nats-server from the container environment; a cluster server's name and
// its routes (which carry the route password) come from its command line in the compose file.
import { writeFileSync } from 'node:fs';
import { natsConfig, OPERATOR_USER } from '../tools/infra/nats.mjs';
import { NODE_AGENCIES } from '../tools/infra/keys.mjs';

/** `tls`: server certificate files inside the nats container (`--tls` writes the defaults below). */
export function composeNatsConfig({ tls, cluster = false } = {}) {
  const users = Object.fromEntries(NODE_AGENCIES.map((a) => [a, { user: `node-${a.toLowerCase()}`, password: '' }]));
  users.hub = { user: 'hub', password: '' };
  users.operator = { user: OPERATOR_USER, password: '' };
  return natsConfig({
    port: 4222,
    host: '0.0.0.0',
    storeDir: '/data/jetstream',
    users,
    agencies: NODE_AGENCIES,
    passwordsFromEnv: true,
    tls,
    cluster: cluster ? { name: 'cix', port: 6222 } : undefined,
  });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const tls = process.argv.includes('--tls')
    ? { certFile: '/etc/nats/tls/server.pem', keyFile: '/etc/nats/tls/server-key.pem', caFile: '/etc/nats/tls/ca.pem' }
    : undefined;
  writeFileSync(new URL('../deploy/nats.conf', import.meta.url), composeNatsConfig({ tls }));
  writeFileSync(new URL('../deploy/nats-cluster.conf', import.meta.url), composeNatsConfig({ tls, cluster: true }));
  console.log('wrote deploy/nats.conf and deploy/nats-cluster.conf');
}
