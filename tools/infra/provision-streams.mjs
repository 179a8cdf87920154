// `node tools/infra/provision-streams.mjs`: docker-compose's nats-provision service (and anyone
// deploying by hand) creates the agency streams and the hub's consumers as the operator identity.
// Settings come from the environment of that one-shot container:
//   NATS_URL, NATS_USER (default operator), NATS_PASSWORD, PROVISION_AGENCIES (AZ,KZ,TM),
//   STREAM_REPLICAS (1), STREAM_MAX_AGE_DAYS (0 = forever), HUB_MAX_DELIVER (20),
//   NATS_TLS_CA_FILE, NATS_TLS_CERT_FILE, NATS_TLS_KEY_FILE (optional).
import { setTimeout as sleep } from 'node:timers/promises';
import { OPERATOR_USER } from './nats.mjs';
import { natsTlsOptions, provisionStreams } from './streams.mjs';

const env = process.env;
function int(name, fallback, min, max) {
  const raw = env[name] ?? String(fallback);
  const n = Number(raw);
  if (!/^\d+$/.test(raw) || n < min || n > max) throw new Error(`${name} must be an integer from ${min} to ${max} (got ${JSON.stringify(raw)})`);
  return n;
}

async function main() {
  const agencies = (env.PROVISION_AGENCIES ?? 'AZ,KZ,TM').split(',');
  if (!agencies.every((a) => /^[A-Z]{2}$/.test(a))) throw new Error('PROVISION_AGENCIES must be a comma-separated list of two-letter agency codes');
  if (!env.NATS_PASSWORD) throw new Error("NATS_PASSWORD (the operator's) is required");
  const opts = {
    url: env.NATS_URL ?? 'nats://127.0.0.1:4222',
    user: env.NATS_USER ?? OPERATOR_USER,
    password: env.NATS_PASSWORD,
    agencies,
    replicas: int('STREAM_REPLICAS', 1, 1, 5),
    maxAgeDays: int('STREAM_MAX_AGE_DAYS', 0, 0, 36_500),
    maxDeliver: int('HUB_MAX_DELIVER', 20, 2, 1000),
    tls: natsTlsOptions({ caFile: env.NATS_TLS_CA_FILE, certFile: env.NATS_TLS_CERT_FILE, keyFile: env.NATS_TLS_KEY_FILE }),
    log: console.log,
  };
  for (let attempt = 1; ; attempt++) {
    try {
      return await provisionStreams(opts);
    } catch (e) {
      if (attempt >= 30) throw e;
      console.warn(`provisioning failed (${e.message}); retrying`);
      await sleep(2000);
    }
  }
}

main().catch((e) => {
  console.error(`provisioning failed: ${e.message}`);
  process.exit(1);
});
