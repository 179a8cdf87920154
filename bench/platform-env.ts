// Settings for the built services the benchmarks start (see services.ts): development keys made
// for the run, the run's nats-server and databases, rate limits off (the load is the point).
export interface BenchKeys {
  issuers: Record<string, { key: string; pub: string }>;
  nodes: Record<string, { key: string; pub: string; keyId: string }>;
  hub: { key: string; pub: string; keyId: string };
  authIssuers: string;
  nodePublicKeys: string;
}

export interface BenchNats {
  url: string;
  users: Record<string, { user: string; password: string }>;
  stop(): Promise<void>;
}

export const hubEnv = (nats: BenchNats, keys: BenchKeys, databaseUrl: string): Record<string, string> => ({
  DATABASE_URL: databaseUrl,
  NATS_URL: nats.url,
  NATS_USER: nats.users.hub.user,
  NATS_PASSWORD: nats.users.hub.password,
  AUTH_ISSUERS: keys.authIssuers,
  NODE_PUBLIC_KEYS: keys.nodePublicKeys,
  HUB_AGENCIES: Object.keys(keys.nodes).join(','),
  HUB_SIGNING_KEY_FILE: keys.hub.key,
  HUB_SIGNING_KEY_ID: keys.hub.keyId,
  RATE_LIMIT_WRITES: '0',
  RATE_LIMIT_EXPORTS: '0',
});

export const nodeEnv = (agency: string, nats: BenchNats, keys: BenchKeys, databaseUrl: string): Record<string, string> => ({
  AGENCY: agency,
  DATABASE_URL: databaseUrl,
  NATS_URL: nats.url,
  NATS_USER: nats.users[agency].user,
  NATS_PASSWORD: nats.users[agency].password,
  AUTH_ISSUERS: keys.authIssuers,
  NODE_SIGNING_KEY_FILE: keys.nodes[agency].key,
  NODE_SIGNING_KEY_ID: keys.nodes[agency].keyId,
  RATE_LIMIT_WRITES: '0',
});
