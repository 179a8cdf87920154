// Hitting a fault's window from outside: poll the database a process writes to and act the moment
// the window is open (e.g. SIGKILL the hub while its projection transaction has written rows).
import { setTimeout as sleep } from 'node:timers/promises';
import { jetstreamManager } from '@nats-io/jetstream';
import { streamName } from '@cix/contracts';
import type { FaultPlatform } from './fault-platform.js';

/**
 * Polls until `open()` is true, then runs `act()` at once; false if the window did not open in time.
 * Polls back to back (each check is one query), so the window is hit within a millisecond or two.
 */
export async function whenOpen(open: () => Promise<boolean>, act: () => Promise<void>, timeoutMs = 10_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await open().catch(() => false)) {
      await act();
      return true;
    }
    await sleep(1);
  }
  return false;
}

/**
 * True while a hub projection transaction is open AND has written (it holds an xid): a kill now interrupts a batch.
 * `replica`: only that hub replica's (its HUB_REPLICA_ID, e.g. `hub-1`), when several share the database.
 */
export async function hubBatchInFlight(p: FaultPlatform, replica?: string): Promise<boolean> {
  const rows = await p.query<{ n: number }>(
    p.databases.hub,
    `SELECT count(*)::int AS n FROM pg_stat_activity
      WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_xid IS NOT NULL
        AND ($1::text IS NULL OR application_name = 'cix-hub:' || $1)
        AND (query ILIKE '%hub_event_log%' OR query ILIKE '%hub_alerts%' OR query ILIKE '%hub_checkpoints%' OR query ILIKE '%hub_trend_cells%' OR query ILIKE '%hub_feedback%')`,
    [replica ?? null],
  );
  return rows[0].n > 0;
}

/** A node's committed events the relay has not published (acknowledged by JetStream) yet. */
export async function relayBehind(p: FaultPlatform, agency: string): Promise<number> {
  const [r] = await p.query<{ behind: string }>(
    p.databases.nodes[agency],
    `SELECT (SELECT coalesce(max(global_position), 0) FROM events) - (SELECT position FROM relay_checkpoint WHERE id = 1) AS behind`,
  );
  return Number(r.behind);
}

/** Messages in an agency's stream (its last sequence): with one message per event, how far the relay really published. */
export async function streamLastSeq(p: FaultPlatform, agency: string): Promise<number> {
  const nc = await p.operator();
  try {
    return (await (await jetstreamManager(nc)).streams.info(streamName(agency))).state.last_seq;
  } finally {
    await nc.close();
  }
}

/** Each node's committed tail, read from its database. */
export async function nodeTails(p: FaultPlatform): Promise<Record<string, number>> {
  const tails: Record<string, number> = {};
  for (const a of p.agencies) {
    const [r] = await p.query<{ tail: string }>(p.databases.nodes[a], 'SELECT coalesce(max(global_position), 0) AS tail FROM events');
    tails[a] = Number(r.tail);
  }
  return tails;
}

/** Waits until the hub's checkpoint of every agency reaches `tails`; the milliseconds it took. */
export async function hubReaches(p: FaultPlatform, tails: Record<string, number>, timeoutMs = 60_000): Promise<number> {
  const started = Date.now();
  while (Date.now() - started < timeoutMs) {
    const rows = await p.query<{ agency: string; position: string }>(p.databases.hub, 'SELECT agency, position FROM hub_checkpoints').catch(() => []);
    if (Object.entries(tails).every(([a, t]) => Number(rows.find((r) => r.agency === a)?.position ?? 0) >= t)) return Date.now() - started;
    await sleep(100);
  }
  throw new Error(`the hub did not reach ${JSON.stringify(tails)} within ${timeoutMs} ms`);
}
