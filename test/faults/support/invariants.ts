// What must hold after any fault (K6, issue 15), checked from outside against the running platform:
//
//   const report = await checkInvariants(platform, record, { drainTimeoutMs?: 90_000, expectLag?: true });
//
// 1. the lag drains (bounded wait): every node's relay has published its tail, the hub's checkpoint
//    of each agency equals that node's tail, and the hub's health then says ok with nothing pending,
//    stalled, waiting or quarantined; with `expectLag`, health must also have SHOWN a lag meanwhile;
// 2. every acknowledged alert and feedback is on the hub exactly once (one event in the hub's log, one
//    row in its model), the hub's log of each agency is gap-free (1…checkpoint), each agency's
//    acknowledged writes appear in acknowledgement order (its alerts in the hub's seq too), and no agency has more alerts on the hub
//    than were attempted (no duplicates from retries);
// 3. no duplicate feedback: one feedback (version 1, one version) per acknowledged answer;
// 4. trends equal a recount of the hub's alerts (seizure counts by agency), not double-counted;
// 5. the hub's model equals a fresh rebuild from the streams (the rebuild tooling's checksum).
// Throws one error listing every violation; returns figures for the case's log.
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { DataSource } from 'typeorm';
import { TrustStore } from '@cix/event-store';
import { rebuildProjections } from '@cix/read-model';
import { testKeys } from '../../support/test-env.js';
import type { FaultPlatform } from './fault-platform.js';
import type { LoadRecord } from './load.js';

export interface InvariantReport {
  readonly alerts: number;
  readonly feedback: number;
  readonly drainMs: number;
  readonly maxBehindSeen: number;
  readonly checksum: string;
  readonly rebuildSeconds: number;
  /** What the drain first waited for (empty when nothing was behind once the load stopped). */
  readonly drainWaitedFor: string;
}

async function json(url: string, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(5000) });
    return { status: res.status, body: (await res.json()) as Record<string, unknown> };
  } catch {
    return { status: 0, body: {} };
  }
}

/**
 * The health of every running hub replica as one answer: each replica reports only the agencies it
 * consumes, so pending, stalled and waiting are merged; 200 only when every running replica says so.
 */
async function hubsHealth(p: FaultPlatform): Promise<{ status: number; body: Record<string, unknown> }> {
  const all = await Promise.all(p.hubs.filter((h) => h.running).map((h) => json(`${h.url}/health`, p.tokens.coordinator)));
  if (all.length === 1) return all[0];
  const merged = (k: string) => Object.assign({}, ...all.map((h) => (h.body.consumers as Record<string, object> | undefined)?.[k] ?? {})) as object;
  const status = all.length && all.every((h) => h.status === 200) ? 200 : (all.find((h) => h.status !== 200)?.status ?? 0);
  return { status, body: { ...all[0]?.body, consumers: { pending: merged('pending'), stalled: merged('stalled'), waiting: merged('waiting') } } };
}

/** Node tails and hub checkpoints, until they agree (or the time is up); the last view either way. */
async function drain(p: FaultPlatform, timeoutMs: number) {
  const started = Date.now();
  let firstWait = '';
  for (;;) {
    const tails: Record<string, number> = {};
    let relayBehind = false;
    for (const a of p.agencies) {
      const h = await json(`${p.nodes[a].url}/health`, p.tokens.auditor(a));
      const relay = h.body.relay as { tail: number; checkpoint: number } | undefined;
      tails[a] = relay?.tail ?? -1;
      if (!relay || relay.checkpoint !== relay.tail) relayBehind = true;
    }
    const rows = await p.query<{ agency: string; position: string }>(p.databases.hub, 'SELECT agency, position FROM hub_checkpoints').catch(() => []);
    const cps = Object.fromEntries(rows.map((r) => [r.agency, Number(r.position)]));
    const hub = await hubsHealth(p);
    const pending = Object.values((hub.body.consumers as { pending?: Record<string, number> } | undefined)?.pending ?? {});
    const caughtUp = !relayBehind && p.agencies.every((a) => tails[a] >= 0 && cps[a] === tails[a]);
    const last = `tails ${JSON.stringify(tails)}, hub checkpoints ${JSON.stringify(cps)}, hub health ${hub.status} ${JSON.stringify(hub.body.consumers ?? {})}`;
    if (caughtUp && hub.status === 200 && pending.every((n) => n === 0)) return { ok: true, ms: Date.now() - started, tails, hub, last, firstWait };
    if (Date.now() - started > timeoutMs) return { ok: false, ms: Date.now() - started, tails, hub, last, firstWait };
    firstWait ||= last;
    await sleep(250);
  }
}

export async function checkInvariants(
  p: FaultPlatform,
  record: LoadRecord,
  o: { drainTimeoutMs?: number; expectLag?: boolean; allowRefused?: boolean } = {},
): Promise<InvariantReport> {
  const problems: string[] = [];
  const d = await drain(p, o.drainTimeoutMs ?? 90_000);
  if (!d.ok) problems.push(`the lag did not drain within ${o.drainTimeoutMs ?? 90_000} ms: ${d.last}`);
  const consumers = (d.hub.body.consumers ?? {}) as { stalled?: object; waiting?: object };
  if (d.ok && (Object.keys(consumers.stalled ?? {}).length || Object.keys(consumers.waiting ?? {}).length))
    problems.push(`hub health after the drain: ${JSON.stringify(consumers)}`);
  if (d.hub.body.quarantined !== 0) problems.push(`hub quarantine not empty: ${JSON.stringify(d.hub.body.quarantinedByAgency)}`);
  const maxBehindSeen = Math.max(0, ...record.healthSamples.flatMap((s) => Object.values(s.behind).filter((x): x is number => x !== undefined)));
  const maxPendingSeen = Math.max(0, ...record.healthSamples.flatMap((s) => Object.values(s.hub.pending)));
  if (o.expectLag && maxBehindSeen === 0 && maxPendingSeen === 0) problems.push('health never showed a lag during the fault');
  if (!o.allowRefused && record.refused.length)
    problems.push(`writes refused: ${JSON.stringify(record.refused.slice(0, 5))} (${record.refused.length} in all)`);

  const hub = p.databases.hub;
  // The hub's log: gap-free per agency, up to the checkpoint.
  const logs = await p.query<{ agency: string; n: string; max: string }>(
    hub,
    'SELECT agency, count(*) AS n, max(position) AS max FROM hub_event_log GROUP BY agency',
  );
  for (const a of p.agencies) {
    const l = logs.find((x) => x.agency === a);
    if (Number(l?.n ?? 0) !== Number(l?.max ?? 0) || Number(l?.max ?? 0) !== d.tails[a])
      problems.push(`${a}: hub log holds ${l?.n ?? 0} events up to position ${l?.max ?? 0}, node tail ${d.tails[a]}`);
  }
  // Every acknowledged alert: one AlertRaised in the hub's log, one row in its model, in order.
  const raised = await p.query<{ agency: string; stream_id: string; position: string }>(
    hub,
    `SELECT agency, stream_id, position FROM hub_event_log WHERE type = 'AlertRaised'`,
  );
  const raisedAt = new Map<string, number[]>();
  for (const r of raised) raisedAt.set(`${r.agency}/${r.stream_id}`, [...(raisedAt.get(`${r.agency}/${r.stream_id}`) ?? []), Number(r.position)]);
  const rows = await p.query<{ id: string; agency: string }>(hub, 'SELECT id, agency FROM hub_alerts ORDER BY seq');
  const onHub = new Map(rows.map((r) => [r.id, r.agency]));
  const missing: string[] = [];
  const twice: string[] = [];
  for (const a of p.agencies) {
    const acked = record.alerts.filter((x) => x.agency === a).sort((x, y) => x.order - y.order);
    let previous = 0;
    for (const x of acked) {
      const at = raisedAt.get(`${a}/alert-${x.id}`) ?? [];
      if (!at.length || onHub.get(x.id) !== a) missing.push(`${a}/${x.id}`);
      if (at.length > 1) twice.push(`${a}/${x.id}`);
      if (at.length && at[0] <= previous)
        problems.push(`${a}: alert ${x.id} (acknowledged #${x.order}) is at position ${at[0]}, before its predecessor's ${previous}`);
      if (at.length) previous = at[0];
    }
    // The hub's arrival order (seq, which its lists page by) is the agency's order too.
    const bySeq = rows.flatMap((r) => (r.agency === a ? (raisedAt.get(`${a}/alert-${r.id}`) ?? []).slice(0, 1) : []));
    const late = bySeq.findIndex((at, i) => i > 0 && at < bySeq[i - 1]);
    if (late > 0) problems.push(`${a}: the hub's arrival order (seq) puts position ${bySeq[late]} after position ${bySeq[late - 1]}`);
    const attempted = acked.length + (record.uncertain[a] ?? 0);
    const held = rows.filter((r) => r.agency === a).length;
    if (held > attempted) problems.push(`${a}: the hub holds ${held} alerts, only ${attempted} were posted (duplicates)`);
  }
  if (missing.length) problems.push(`acknowledged alerts missing on the hub: ${missing.length} (${missing.slice(0, 5).join(', ')})`);
  if (twice.length) problems.push(`alerts raised twice on the hub: ${twice.length} (${twice.slice(0, 5).join(', ')})`);

  // Feedback: one FeedbackGiven per acknowledged answer, one row of version 1 on the hub.
  const fbEvents = await p.query<{ agency: string; stream_id: string; n: string }>(
    hub,
    `SELECT agency, stream_id, count(*) AS n FROM hub_event_log WHERE type IN ('FeedbackGiven', 'FeedbackAmended') GROUP BY agency, stream_id`,
  );
  const fbRows = await p.query<{ alert_id: string; agency: string; feedback_id: string; version: number; n: number }>(
    hub,
    'SELECT alert_id, agency, feedback_id, version, jsonb_array_length(versions) AS n FROM hub_feedback',
  );
  for (const f of record.feedback) {
    const ev = fbEvents.find((e) => e.agency === f.agency && e.stream_id === `feedback-${f.alertAgency}-${f.alertId}`);
    const row = fbRows.find((r) => r.alert_id === f.alertId && r.agency === f.agency);
    if (!ev || !row) problems.push(`feedback of ${f.agency} on ${f.alertAgency}/${f.alertId} missing on the hub`);
    else if (Number(ev.n) !== 1 || row.version !== 1 || row.n !== 1 || row.feedback_id !== f.feedbackId)
      problems.push(`feedback of ${f.agency} on ${f.alertId} duplicated: ${ev.n} events, version ${row.version}, ${row.n} versions`);
  }
  for (const a of p.agencies) {
    const acked = record.feedback.filter((f) => f.agency === a).sort((x, y) => x.order - y.order);
    const positions = await p.query<{ stream_id: string; position: string }>(
      hub,
      `SELECT stream_id, position FROM hub_event_log WHERE agency = $1 AND type = 'FeedbackGiven'`,
      [a],
    );
    const pos = new Map(positions.map((r) => [r.stream_id, Number(r.position)]));
    const alertPos = new Map(record.alerts.filter((x) => x.agency === a).map((x) => [x.order, raisedAt.get(`${a}/alert-${x.id}`)?.[0] ?? 0]));
    const all = [
      ...acked.map((f) => ({ order: f.order, at: pos.get(`feedback-${f.alertAgency}-${f.alertId}`) ?? 0 })),
      ...[...alertPos].map(([order, at]) => ({ order, at })),
    ]
      .filter((x) => x.at > 0)
      .sort((x, y) => x.order - y.order);
    for (let i = 1; i < all.length; i++)
      if (all[i].at <= all[i - 1].at) {
        problems.push(`${a}: write #${all[i].order} is at position ${all[i].at}, not after write #${all[i - 1].order} at ${all[i - 1].at}`);
        break;
      }
  }

  // Trends: seizure counts by agency equal a recount of the hub's alerts.
  const trend = await p.query<{ key: string; n: string }>(hub, `SELECT key, sum(count) AS n FROM hub_trend_cells WHERE dimension = 'agency' GROUP BY key`);
  const recount = await p.query<{ agency: string; n: string }>(
    hub,
    `SELECT agency, count(*) AS n FROM hub_alerts WHERE kind = 'seizure' AND status <> 'retracted' GROUP BY agency`,
  );
  for (const a of p.agencies) {
    const t = Number(trend.find((x) => x.key === a)?.n ?? 0);
    const r = Number(recount.find((x) => x.agency === a)?.n ?? 0);
    if (t !== r) problems.push(`${a}: trends count ${t} seizures, the hub holds ${r}`);
  }

  // The hub's model equals a fresh rebuild from the streams.
  let checksum = '';
  let rebuildSeconds = 0;
  if (d.ok) {
    const trust = new TrustStore();
    for (const [a, k] of Object.entries(testKeys.nodes)) trust.add(a, k.keyId, readFileSync(k.pub));
    const db = new DataSource({ type: 'postgres', url: hub, extra: { max: 4 } });
    await db.initialize();
    const nc = await p.operator();
    try {
      const r = await rebuildProjections({ db, nats: nc, agencies: p.agencies, trust, restart: true });
      checksum = r.rebuiltChecksum;
      rebuildSeconds = r.seconds;
      if (r.liveChecksum !== r.rebuiltChecksum) problems.push(`the hub's model (${r.liveChecksum}) differs from a fresh rebuild (${r.rebuiltChecksum})`);
      if (r.refused.length) problems.push(`the rebuild refused: ${JSON.stringify(r.refused.slice(0, 3))}`);
    } finally {
      await nc.close();
      await db.destroy();
    }
  }

  if (problems.length) throw new Error(`fault invariants violated:\n- ${problems.join('\n- ')}`);
  return {
    alerts: record.alerts.length,
    feedback: record.feedback.length,
    drainMs: d.ms,
    maxBehindSeen: Math.max(maxBehindSeen, maxPendingSeen),
    checksum,
    rebuildSeconds,
    drainWaitedFor: d.firstWait,
  };
}
