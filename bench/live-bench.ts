import { createPrivateKey } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstream } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { issueToken } from '@cix/auth';
import { natsInboxPrefix } from '@cix/contracts';
import { publishSignedEvents } from './signed-events.js';
import { startService } from './services.js';
import type { BenchKeys, BenchNats } from './platform-env.js';
import { hubEnv } from './platform-env.js';

/**
 * The hub's live projection, from outside: `perAgency` signed events of each of the three agencies
 * wait in JetStream, then the built hub starts and its consumers apply them. The rate is taken
 * between the first and the last movement of the checkpoints the hub reports on `/health` (its
 * boot is not counted); peak RSS of the hub process is sampled from /proc.
 */
export async function benchLiveProjection(
  infra: { nats: BenchNats; keys: BenchKeys; databaseUrl: string; port: number; log: (...a: unknown[]) => void },
  perAgency: number,
): Promise<Record<string, number>> {
  const agencies = Object.keys(infra.keys.nodes);
  infra.log(`live projection: publishing ${perAgency.toLocaleString('en')} signed events for each of ${agencies.join(', ')} …`);
  for (const a of agencies) {
    const u = infra.nats.users[a];
    const nc = await connect({ servers: infra.nats.url, user: u.user, pass: u.password, inboxPrefix: natsInboxPrefix(u.user) });
    const key = { keyId: infra.keys.nodes[a].keyId, privateKey: createPrivateKey(readFileSync(infra.keys.nodes[a].key)) };
    await publishSignedEvents(jetstream(nc), a, key, perAgency);
    await nc.close();
  }
  const coordinator = await issueToken(readFileSync(infra.keys.issuers.CCP.key), { agency: 'CCP', role: 'coordinator', sub: 'bench' });
  const total = perAgency * agencies.length;
  infra.log(`live projection: starting the hub, ${total.toLocaleString('en')} events to apply …`);
  const hub = await startService('hub', 'regional-hub', infra.port, hubEnv(infra.nats, infra.keys, infra.databaseUrl));
  try {
    let first: { t: bigint; applied: number } | null = null;
    let applied = 0;
    const deadline = Date.now() + 30 * 60_000;
    while (applied < total) {
      if (Date.now() > deadline) throw new Error(`live projection stalled at ${applied} of ${total}`);
      const res = await fetch(`${hub.url}/health`, { headers: { authorization: `Bearer ${coordinator}` } });
      const body = (await res.json()) as { checkpoints?: Array<{ position: string | number }> | null };
      applied = (body.checkpoints ?? []).reduce((s, c) => s + Number(c.position), 0);
      if (!first && applied > 0) first = { t: process.hrtime.bigint(), applied };
      if (applied < total) await sleep(20);
    }
    // A consumer faster than the hub's boot may have applied most events before /health answered:
    // then the time since the process started (boot included) is the honest, lower figure.
    const from = first!.applied <= total / 2 ? first! : { t: hub.startedAt, applied: 0 };
    const seconds = Number(process.hrtime.bigint() - from.t) / 1e9;
    return {
      live_projection_events: total,
      live_projection_per_s: (total - from.applied) / seconds,
      live_projection_peak_rss_mb: hub.peakRssMb(),
    };
  } finally {
    await hub.stop();
  }
}
