import type { QueryRunner } from 'typeorm';
import {
  AlertEventType, applyAlertEvent, FeedbackEventType, GENESIS_HASH, isSealed, type AlertState, type FeedbackGivenV1, type SignedEvent, type WireEvent,
} from '@cix/contracts';
import { checkSegment, type TrustStore } from '@cix/event-store';
import { SHADOW } from './rebuild-schema.js';

const ALERT_TYPES = new Set<string>(Object.values(AlertEventType));

export interface BatchResult {
  applied: number;
  duplicates: number;
  refused: Array<{ position?: number; reason: string }>;
}

/**
 * The rebuild's projector: the same verification and the same fold as the live hub, but a whole
 * batch of one agency's events per transaction, folded in memory and written with a handful of
 * set-based statements. Writes to the shadow schema only.
 */
export async function applyBatch(qr: QueryRunner, agency: string, messages: unknown[], trust: TrustStore): Promise<BatchResult> {
  const result: BatchResult = { applied: 0, duplicates: 0, refused: [] };
  const [cp] = await qr.query(`SELECT position, hash FROM ${SHADOW}.hub_checkpoints WHERE agency = $1`, [agency]);
  let previous = { position: cp ? Number(cp.position) : 0, hash: (cp?.hash as string) ?? GENESIS_HASH };
  let pending: WireEvent[] = [];
  for (const m of messages) {
    const e = m as WireEvent;
    if (!e || typeof e !== 'object' || e.agency !== agency || !Number.isSafeInteger(e.position) || typeof e.hash !== 'string') result.refused.push({ reason: 'malformed or foreign event' });
    else pending.push(e);
  }
  const accepted: WireEvent[] = [];
  // One signature check per run of consecutive events (the chain makes the last signature cover
  // the rest). A refused event is dropped and the rest tried again, so a forged event does not
  // take the genuine one at the same position down with it.
  for (;;) {
    const run: WireEvent[] = [];
    const later: WireEvent[] = [];
    for (const e of pending) (e.position > (run.at(-1)?.position ?? previous.position) ? run : later).push(e);
    const { valid, failure } = checkSegment(run, previous, trust);
    accepted.push(...run.slice(0, valid));
    if (valid) previous = { position: run[valid - 1].position, hash: run[valid - 1].hash };
    if (!failure) {
      result.duplicates += later.length;
      break;
    }
    result.refused.push({ position: run[failure.index].position, reason: failure.reason });
    const rest = new Set([...run.slice(failure.index + 1), ...later]);
    pending = pending.filter((e) => rest.has(e));
  }
  if (!accepted.length) return result;
  const full = accepted.filter((e): e is SignedEvent => !isSealed(e));
  await writeEventLog(qr, accepted);
  await foldAlerts(qr, full.filter((e) => ALERT_TYPES.has(e.type)));
  await upsertFeedback(qr, full.filter((e) => e.type === FeedbackEventType.Given && (e.payload as FeedbackGivenV1).agency === e.agency));
  await qr.query(
    `INSERT INTO ${SHADOW}.hub_checkpoints (agency, position, hash) VALUES ($1, $2, $3) ON CONFLICT (agency) DO UPDATE SET position = $2, hash = $3, updated_at = now()`,
    [agency, previous.position, previous.hash],
  );
  result.applied = accepted.length;
  return result;
}

// Set-based writes take one JSON document per batch (jsonb_to_recordset): one native
// JSON.stringify and one parse in PostgreSQL, instead of escaping a thousand-element array literal.
async function writeEventLog(qr: QueryRunner, events: WireEvent[]): Promise<void> {
  const rows = events.map((e) => ({
    agency: e.agency, position: e.position, event_id: e.eventId, stream_id: isSealed(e) ? null : e.streamId,
    type: isSealed(e) ? null : e.type, recorded_at: isSealed(e) ? null : e.recordedAt, event: e,
  }));
  await qr.query(
    `INSERT INTO ${SHADOW}.hub_event_log (agency, position, event_id, stream_id, type, recorded_at, event)
     SELECT agency, position, event_id, stream_id, type, recorded_at, event
       FROM jsonb_to_recordset($1::jsonb) AS t(agency text, position bigint, event_id uuid, stream_id text, type text, recorded_at timestamptz, event jsonb)`,
    [JSON.stringify(rows)],
  );
}

async function foldAlerts(qr: QueryRunner, events: SignedEvent[]): Promise<void> {
  if (!events.length) return;
  const ids = [...new Set(events.map((e) => e.streamId.replace(/^alert-/, '')))];
  const states = new Map<string, AlertState | null>(
    (await qr.query(`SELECT id, state FROM ${SHADOW}.hub_alerts WHERE id = ANY($1::uuid[])`, [ids])).map((r: { id: string; state: AlertState }) => [r.id, r.state]),
  );
  for (const e of events) {
    const id = e.streamId.replace(/^alert-/, '');
    const next = applyAlertEvent(states.get(id) ?? null, e);
    if (next && next.agency === e.agency) states.set(id, next);
  }
  const rows = [...states.values()].filter((s): s is AlertState => !!s).map((s) => ({
    id: s.id, agency: s.agency, kind: s.content.kind, unit: s.content.unit, status: s.status, level: s.distribution.level, recipients: s.distribution.recipients,
    occurred_at: s.content.occurredAt, category: s.content.commodity.category, hs_code: s.content.commodity.hsCode ?? null, containers: s.content.containers,
    expires_at: s.expiresAt, feedback_due_at: s.feedbackDueAt, state: s, version: s.version, raised_at: s.raisedAt, updated_at: s.updatedAt,
  }));
  await qr.query(
    `INSERT INTO ${SHADOW}.hub_alerts (id, agency, kind, unit, status, level, recipients, occurred_at, category, hs_code, containers, expires_at, feedback_due_at, state, version, raised_at, updated_at)
     SELECT id, agency, kind, unit, status, level, ARRAY(SELECT jsonb_array_elements_text(recipients)), occurred_at, category, hs_code,
            ARRAY(SELECT jsonb_array_elements_text(containers)), expires_at, feedback_due_at, state, version, raised_at, updated_at
       FROM jsonb_to_recordset($1::jsonb) AS t(id uuid, agency text, kind text, unit text, status text, level text, recipients jsonb, occurred_at timestamptz,
            category text, hs_code text, containers jsonb, expires_at timestamptz, feedback_due_at timestamptz, state jsonb, version int, raised_at timestamptz, updated_at timestamptz)
     ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, unit = EXCLUDED.unit, status = EXCLUDED.status, level = EXCLUDED.level, recipients = EXCLUDED.recipients,
       occurred_at = EXCLUDED.occurred_at, category = EXCLUDED.category, hs_code = EXCLUDED.hs_code, containers = EXCLUDED.containers, expires_at = EXCLUDED.expires_at,
       feedback_due_at = EXCLUDED.feedback_due_at, state = EXCLUDED.state, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at`,
    [JSON.stringify(rows)],
  );
}

async function upsertFeedback(qr: QueryRunner, events: SignedEvent[]): Promise<void> {
  const latest = new Map<string, SignedEvent>();
  for (const e of events) latest.set(`${(e.payload as FeedbackGivenV1).alert.alertId}/${e.agency}`, e);
  const rows = [...latest.values()];
  if (!rows.length) return;
  const p = (e: SignedEvent) => e.payload as FeedbackGivenV1;
  await qr.query(
    `INSERT INTO ${SHADOW}.hub_feedback (alert_id, agency, alert_agency, feedback_id, outcome, payload, given_at)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::jsonb[], $7::timestamptz[])
     ON CONFLICT (alert_id, agency) DO UPDATE SET feedback_id = EXCLUDED.feedback_id, outcome = EXCLUDED.outcome, payload = EXCLUDED.payload, given_at = EXCLUDED.given_at`,
    [rows.map((e) => p(e).alert.alertId), rows.map((e) => e.agency), rows.map((e) => p(e).alert.agency), rows.map((e) => p(e).feedbackId),
     rows.map((e) => p(e).outcome), rows.map((e) => JSON.stringify(p(e))), rows.map((e) => e.recordedAt)],
  );
}
