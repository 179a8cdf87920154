// Writes deploy/nats.conf for docker-compose from the same generator the local stack uses.
// Passwords are $VARIABLES expanded by nats-server from the container environment.
import { writeFileSync } from 'node:fs';
import { natsConfig, OPERATOR_USER } from '../tools/infra/nats.mjs';
import { NODE_AGENCIES } from '../tools/infra/keys.mjs';

export function composeNatsConfig() {
  const users = Object.fromEntries(NODE_AGENCIES.map((a) => [a, { user: `node-${a.toLowerCase()}`, password: '' }]));
  users.hub = { user: 'hub', password: '' };
  users.operator = { user: OPERATOR_USER, password: '' };
  return natsConfig({ port: 4222, host: '0.0.0.0', storeDir: '/data/jetstream', users, agencies: NODE_AGENCIES, passwordsFromEnv: true });
}

if (import.meta.url === `file://${process.argv[1]}`) {
  writeFileSync(new URL('../deploy/nats.conf', import.meta.url), composeNatsConfig());
  console.log('wrote deploy/nats.conf');
}
