import type { QueryRunner } from 'typeorm';
import { isSealed, type AlertState, type FeedbackGivenV1, type SignedEvent, type WireEvent } from '@cix/contracts';
import { companyWords } from './company-words.js';

// Set-based writes take one JSON document per batch (jsonb_to_recordset): one native
// JSON.stringify and one parse in PostgreSQL, instead of escaping a thousand-element array literal.
export async function writeEventLog(qr: QueryRunner, schema: string, events: readonly WireEvent[]): Promise<void> {
  const rows = events.map((e) => ({
    agency: e.agency,
    position: e.position,
    event_id: e.eventId,
    stream_id: isSealed(e) ? null : e.streamId,
    type: isSealed(e) ? null : e.type,
    recorded_at: isSealed(e) ? null : e.recordedAt,
    event: e,
  }));
  // A rebuild keeps when the live hub first received each event (the officers' history shows it); only what it never received is new.
  const receivedAt =
    schema === 'public' ? 'now()' : 'coalesce((SELECT l.received_at FROM public.hub_event_log l WHERE l.agency = t.agency AND l.position = t.position), now())';
  await qr.query(
    `INSERT INTO ${schema}.hub_event_log (agency, position, event_id, stream_id, type, recorded_at, event, received_at)
     SELECT agency, position, event_id, stream_id, type, recorded_at, event, ${receivedAt}
       FROM jsonb_to_recordset($1::jsonb) AS t(agency text, position bigint, event_id uuid, stream_id text, type text, recorded_at timestamptz, event jsonb)`,
    [JSON.stringify(rows)],
  );
}

/** One version of an agency's feedback on an alert, as `hub_feedback.versions` keeps it. */
export interface FeedbackVersionRecord {
  readonly version: number;
  readonly givenAt: string;
  readonly payload: FeedbackGivenV1;
}

/**
 * The latest feedback of each agency on each alert, with every version kept (oldest first);
 * `events` are feedback events (FeedbackGiven, FeedbackAmended) in log order. The version is the
 * feedback stream's: a node's first answer is 1, each amendment the next.
 */
export async function upsertFeedback(qr: QueryRunner, schema: string, events: readonly SignedEvent[]): Promise<void> {
  const byKey = new Map<string, SignedEvent[]>();
  for (const e of events) {
    const key = `${(e.payload as FeedbackGivenV1).alert.alertId}/${e.agency}`;
    byKey.set(key, [...(byKey.get(key) ?? []), e]);
  }
  const rows = [...byKey.values()].map((es) => ({ latest: es[es.length - 1], versions: es.map(versionRecord) }));
  if (!rows.length) return;
  const p = (e: SignedEvent) => e.payload as FeedbackGivenV1;
  await qr.query(
    `INSERT INTO ${schema}.hub_feedback AS cur (alert_id, agency, alert_agency, feedback_id, outcome, payload, given_at, version, versions)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::uuid[], $5::text[], $6::jsonb[], $7::timestamptz[], $8::int[], $9::jsonb[])
     ON CONFLICT (alert_id, agency) DO UPDATE SET feedback_id = EXCLUDED.feedback_id, outcome = EXCLUDED.outcome, payload = EXCLUDED.payload,
       given_at = EXCLUDED.given_at, version = EXCLUDED.version, versions = cur.versions || EXCLUDED.versions`,
    [
      rows.map((r) => p(r.latest).alert.alertId),
      rows.map((r) => r.latest.agency),
      rows.map((r) => p(r.latest).alert.agency),
      rows.map((r) => p(r.latest).feedbackId),
      rows.map((r) => p(r.latest).outcome),
      rows.map((r) => JSON.stringify(p(r.latest))),
      rows.map((r) => r.latest.recordedAt),
      rows.map((r) => r.latest.streamVersion),
      rows.map((r) => JSON.stringify(r.versions)),
    ],
  );
}

const versionRecord = (e: SignedEvent): FeedbackVersionRecord => ({ version: e.streamVersion, givenAt: e.recordedAt, payload: e.payload as FeedbackGivenV1 });

/**
 * Inserts or replaces alert rows (the state and the columns derived from it); never another owner's
 * row. `states` come in the agency's order (of the events that first changed them): a new row's
 * `seq`, the hub's arrival order that lists page by, follows it. Returns the ids written (lower
 * case): a new id another agency's concurrent batch took first is not among them.
 */
export async function upsertAlerts(qr: QueryRunner, schema: string, states: readonly AlertState[]): Promise<Set<string>> {
  if (!states.length) return new Set();
  const rows = states.map((s, ord) => ({
    ord,
    id: s.id,
    agency: s.agency,
    kind: s.content.kind,
    unit: s.content.unit,
    status: s.status,
    level: s.distribution.level,
    recipients: s.distribution.recipients,
    occurred_at: s.content.occurredAt,
    category: s.content.commodity.category,
    hs_code: s.content.commodity.hsCode ?? null,
    containers: s.content.containers,
    expires_at: s.expiresAt,
    feedback_due_at: s.feedbackDueAt,
    state: s,
    version: s.version,
    raised_at: s.raisedAt,
    updated_at: s.updatedAt,
    company_words: companyWords(s.content.parties),
  }));
  // Two orders: seq drawn in the agency's order (nextval after the sort, PostgreSQL >= 9.6), rows
  // written in id order, so two agencies' batches raising the same ids wait on each other instead
  // of deadlocking. A row that exists keeps its seq (the update leaves it), its drawn value unused.
  const written = (await qr.query(
    `WITH t AS MATERIALIZED (
       SELECT t.*, nextval(pg_get_serial_sequence('${schema}.hub_alerts', 'seq')) AS seq
         FROM jsonb_to_recordset($1::jsonb) AS t(ord int, id uuid, agency text, kind text, unit text, status text, level text, recipients jsonb, occurred_at timestamptz,
              category text, hs_code text, containers jsonb, expires_at timestamptz, feedback_due_at timestamptz, state jsonb, version int, raised_at timestamptz, updated_at timestamptz,
              company_words jsonb)
        ORDER BY ord)
     INSERT INTO ${schema}.hub_alerts AS cur (seq, id, agency, kind, unit, status, level, recipients, occurred_at, category, hs_code, containers, expires_at, feedback_due_at, state, version, raised_at, updated_at, company_words)
     SELECT seq, id, agency, kind, unit, status, level, ARRAY(SELECT jsonb_array_elements_text(recipients)), occurred_at, category, hs_code,
            ARRAY(SELECT jsonb_array_elements_text(containers)), expires_at, feedback_due_at, state, version, raised_at, updated_at,
            ARRAY(SELECT jsonb_array_elements_text(company_words))
       FROM t ORDER BY id
     ON CONFLICT (id) DO UPDATE SET kind = EXCLUDED.kind, unit = EXCLUDED.unit, status = EXCLUDED.status, level = EXCLUDED.level, recipients = EXCLUDED.recipients,
       occurred_at = EXCLUDED.occurred_at, category = EXCLUDED.category, hs_code = EXCLUDED.hs_code, containers = EXCLUDED.containers, expires_at = EXCLUDED.expires_at,
       feedback_due_at = EXCLUDED.feedback_due_at, state = EXCLUDED.state, version = EXCLUDED.version, updated_at = EXCLUDED.updated_at,
       company_words = EXCLUDED.company_words
     WHERE cur.agency = EXCLUDED.agency
     RETURNING id`,
    [JSON.stringify(rows)],
  )) as Array<{ id: string }>;
  return new Set(written.map((r) => r.id.toLowerCase()));
}
