import { randomUUID } from 'node:crypto';
import type { QueryRunner } from 'typeorm';
import { canSeeAlert, type SharingFacts } from '@cix/access-control';
import type { AlertState, DistributionLevel } from '@cix/contracts';
import { PARTY_MATCH_THRESHOLD, partySimilarity } from '@cix/correlation';
import { indexChange, PARTY_BLOCK, ROUTE_HS, writeIndexChange, type KeyRow } from '../write/correlation-index.js';
import type { FeedNotice } from './feed-notice.js';

/** Any number: every projection transaction that correlates takes this lock (see `correlate`). */
const CORRELATION_LOCK = 7_240_013;
/** A weak signal: the same route and HS chapter within about a week. */
const ROUTE_HS_SCORE = 0.3;
/**
 * A blocking key obeys the same bound as a value (it once had twice the room): each further
 * holder is read and grouped per batch, and the bench's matches were the same without them.
 */
const BLOCKING_FANOUT_FACTOR = 1;
/** Spellings scored per company name of a new alert and other agency, those sharing the most blocking keys first. */
const SCORED_SPELLINGS = 8;

export const CORRELATION_FOUND = 'CorrelationFound';
export const CORRELATION_HIT_FOUND = 'CorrelationHitFound';

/** A fact of the hub, for its own signed log (agency `HUB`): one stream per fact. */
export interface HubFact {
  readonly streamId: string;
  readonly type: typeof CORRELATION_FOUND | typeof CORRELATION_HIT_FOUND;
  readonly payload: Record<string, unknown>;
}

export interface CorrelationOptions {
  /** false: no index, no matching (the benchmark's baseline; a rebuild refreshes the index after). */
  readonly enabled: boolean;
  /** A value held by more of one agency's alerts than this stops matching that agency's alerts (CORRELATION_MAX_FANOUT). */
  readonly maxFanout: number;
  /** Appends the facts to the hub's signed log inside the projection transaction. */
  readonly record?: (qr: QueryRunner, facts: readonly HubFact[]) => Promise<void>;
}

interface Candidate {
  probe: string;
  probe_agency: string;
  kind: string;
  probe_shown: string;
  other: string;
  other_agency: string;
  other_shown: string;
}

interface MatchRow {
  id: string;
  alert_a: string;
  agency_a: string;
  alert_b: string;
  agency_b: string;
  kind: string;
  value_a: string;
  value_b: string;
  score: number;
  found_at: string;
}

/** Sharing and discoverability of both alerts of a match, as the hit rule reads them. */
type Side = { readonly facts: SharingFacts; readonly discoverable: boolean };

/**
 * The projector's correlation step, after the fold and in its transaction. It moves the changed
 * alerts' keys in the index; live, it then looks up the other agencies' alerts holding the keys
 * this batch added (index lookups per key, never a scan of history; values held by more than
 * `maxFanout` of either agency's own alerts, or that coordinators marked common, are skipped), records each new match
 * once (the unique pair/kind/values constraint makes a repeated finding a no-op), the hits it
 * implies, appends both to the hub's signed log and returns the notices to announce after commit.
 * Batches of different agencies run concurrently; the transaction lock makes each one see the keys
 * of every batch committed before it, so two alerts arriving together still meet.
 * A rebuild only refreshes the index: matches and hits are facts the live hub already recorded.
 */
export async function correlate(
  qr: QueryRunner,
  schema: string,
  alerts: ReadonlyArray<{ before: AlertState | null; after: AlertState }>,
  mode: 'live' | 'rebuild',
  o: CorrelationOptions | undefined,
): Promise<FeedNotice[]> {
  if (!alerts.length || (mode === 'live' && !o?.enabled)) return [];
  const change = indexChange(alerts);
  const reshared = alerts.filter((a) => a.before && sharingMoved(a.before, a.after)).map((a) => a.after.id.toLowerCase());
  const locks = mode === 'live' && (change.added.length || change.removed.length || reshared.length);
  await writeIndexChange(qr, schema, change, locks ? CORRELATION_LOCK : undefined);
  if (mode === 'rebuild' || !o) return [];
  const states = new Map(alerts.map((a) => [a.after.id.toLowerCase(), a.after]));
  const found = matchesOf(await candidates(qr, schema, probesOf(change.added), o.maxFanout), states);
  const sides = new Map<string, Side>();
  for (const s of states.values()) sides.set(s.id.toLowerCase(), sideOf(s));
  const matches = await insertMatches(qr, schema, found, [...states.keys()], sides);
  const pairs = [...matches.map((m) => ({ m, sides })), ...(await rejudged(qr, schema, reshared, matches))];
  const hits = await insertHits(qr, schema, pairs);
  const facts: HubFact[] = [
    ...matches.map((m) => ({ streamId: `match-${m.id}`, type: CORRELATION_FOUND, payload: matchFact(m) }) as const),
    ...hits.map((h) => ({ streamId: `hit-${h.id}`, type: CORRELATION_HIT_FOUND, payload: hitFact(h) }) as const),
  ];
  if (facts.length && o.record) await o.record(qr, facts);
  return [...matches.map(matchNotice), ...hits.flatMap(hitNotices)];
}

const sideOf = (s: AlertState): Side => ({
  facts: { agency: s.agency, level: s.distribution.level, recipients: s.distribution.recipients },
  discoverable: !!s.discoverable,
});

const sharingMoved = (a: AlertState, b: AlertState) =>
  !!a.discoverable !== !!b.discoverable ||
  a.distribution.level !== b.distribution.level ||
  a.distribution.recipients.join(',') !== b.distribution.recipients.join(',');

interface Probe extends KeyRow {
  readonly cap: number;
}

function probesOf(added: readonly KeyRow[]): Array<Omit<Probe, 'cap'>> {
  return added.flatMap((r) => {
    if (r.kind !== ROUTE_HS) return [r];
    // Within about a week: the alert's own week and the two around it.
    const m = /^(.*):(-?\d+)$/.exec(r.value);
    return m ? [-1, 0, 1].map((d) => ({ ...r, value: `${m[1]}:${Number(m[2]) + d}` })) : [];
  });
}

/**
 * One statement: every other agency's alert holding a probed value, unless the value is common. A
 * value is common for an agency when more than `cap` of that agency's own alerts hold it: it then
 * stops matching that agency's alerts (as probe or as candidate), and no other pair of agencies, so
 * one agency's volume (a careless or compromised node) cannot silence matches between two others.
 * A coordinator's decision applies to every agency.
 */
async function candidates(qr: QueryRunner, schema: string, probes: ReadonlyArray<Omit<Probe, 'cap'>>, maxFanout: number): Promise<Candidate[]> {
  if (!probes.length) return [];
  const cap = (kind: string) => (kind === PARTY_BLOCK ? maxFanout * BLOCKING_FANOUT_FACTOR : maxFanout);
  return (await qr.query(
    `WITH p AS (SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::text[], $6::int[]) AS p(alert_id, agency, kind, value, shown, cap)),
     -- Probed by key (lateral, LIMIT 1): a join let the planner hash the whole table.
     d AS (SELECT p.*, c.decision FROM p
             LEFT JOIN LATERAL (SELECT c.decision FROM ${schema}.hub_correlation_common c WHERE c.kind = p.kind AND c.value = p.value LIMIT 1) c ON true),
     -- Each agency holding the value and how many of its alerts do; the probe's own agency is one
     -- (its counters were written first), so most values, held by no other agency, end here.
     h AS MATERIALIZED (
       SELECT d.*, v.holder, v.alerts, v.own FROM d
         CROSS JOIN LATERAL (SELECT v.agency AS holder, v.alerts, max(v.alerts) FILTER (WHERE v.agency = d.agency) OVER () AS own
                               FROM ${schema}.hub_correlation_values v WHERE v.kind = d.kind AND v.value = d.value) v),
     open AS (SELECT * FROM h WHERE holder <> agency AND (decision = 'not-common' OR (decision IS NULL AND alerts <= cap AND coalesce(own, 0) <= cap))),
     -- A company name too common to match exactly (for either agency) is not matched by its spellings either.
     closed AS (SELECT alert_id, shown, holder FROM h WHERE kind = 'party' AND holder <> agency AND (decision IS NULL AND alerts > cap)
                UNION SELECT h.alert_id, h.shown, x.holder FROM h CROSS JOIN (SELECT DISTINCT holder FROM h) x
                 WHERE h.kind = 'party' AND h.holder = h.agency AND (h.decision = 'common' OR (h.decision IS NULL AND h.alerts > h.cap))),
     cand AS (
       SELECT o.alert_id, o.agency, o.kind, o.shown, k.alert_id AS other, o.holder, k.shown AS other_shown
         FROM open o
         CROSS JOIN LATERAL (SELECT k.alert_id, k.shown FROM ${schema}.hub_correlation_keys k
                              WHERE k.kind = o.kind AND k.value = o.value AND k.agency = o.holder LIMIT o.cap + 1) k
        WHERE NOT (o.kind = '${PARTY_BLOCK}' AND (o.alert_id, o.shown, o.holder) IN (SELECT alert_id, shown, holder FROM closed))),
     -- Scoring is the cost: per company name of a new alert and other agency, only the spellings
     -- sharing the most blocking keys with it are scored (a spelling shares one key with many names
     -- by chance). Per agency, as the fan-out bound: one node's spellings cannot crowd out another's.
     blocked AS (
       SELECT alert_id, agency, shown, other, holder, other_shown,
              dense_rank() OVER (PARTITION BY alert_id, shown, holder ORDER BY count(*) DESC, other_shown) AS r
         FROM cand WHERE kind = '${PARTY_BLOCK}' GROUP BY alert_id, agency, shown, other, holder, other_shown)
     SELECT alert_id AS probe, agency AS probe_agency, kind, shown AS probe_shown, other, holder AS other_agency, other_shown
       FROM cand WHERE kind <> '${PARTY_BLOCK}'
     UNION ALL
     SELECT alert_id, agency, '${PARTY_BLOCK}'::text, shown, other, holder, other_shown FROM blocked WHERE r <= ${SCORED_SPELLINGS}`,
    [
      probes.map((p) => p.alertId),
      probes.map((p) => p.agency),
      probes.map((p) => p.kind),
      probes.map((p) => p.value),
      probes.map((p) => p.shown),
      probes.map((p) => cap(p.kind)),
    ],
  )) as Candidate[];
}

interface Found {
  readonly candidates: Candidate[];
  readonly rows: MatchRow[];
}

/** Scores the candidates and keeps one row per (pair, kind, values): the pair ordered by alert id. */
function matchesOf(cands: Candidate[], states: ReadonlyMap<string, AlertState>): Found {
  const best = new Map<string, MatchRow>();
  const foundAt = new Date().toISOString();
  // The same two names meet through several blocking keys and alerts: each pair is scored once.
  const scored = new Map<string, number>();
  const similarity = (a: string, b: string) => {
    const id = `${a}\u0000${b}`;
    let s = scored.get(id);
    if (s === undefined) scored.set(id, (s = partySimilarity(a, b)));
    return s;
  };
  for (const c of cands) {
    if (!states.has(c.probe)) continue;
    const kind = c.kind === PARTY_BLOCK ? 'party' : c.kind;
    const score = kind === 'party' ? similarity(c.probe_shown, c.other_shown) : kind === ROUTE_HS ? ROUTE_HS_SCORE : 1;
    if (kind === 'party' && score < PARTY_MATCH_THRESHOLD) continue;
    const probeFirst = c.probe < c.other;
    const [a, b] = probeFirst ? [c.probe, c.other] : [c.other, c.probe];
    const [agencyA, agencyB] = probeFirst ? [c.probe_agency, c.other_agency] : [c.other_agency, c.probe_agency];
    const [valueA, valueB] = probeFirst ? [c.probe_shown, c.other_shown] : [c.other_shown, c.probe_shown];
    const id = `${a}\u0000${b}\u0000${kind}\u0000${valueA}\u0000${valueB}`;
    const row: MatchRow = {
      id: randomUUID(),
      alert_a: a,
      agency_a: agencyA,
      alert_b: b,
      agency_b: agencyB,
      kind,
      value_a: valueA,
      value_b: valueB,
      score,
      found_at: foundAt,
    };
    if ((best.get(id)?.score ?? -1) < score) best.set(id, row);
  }
  return { candidates: cands, rows: [...best.values()] };
}

/**
 * Records the new matches and, in the same round trip, reads the sharing of the other alerts they
 * name (the index rows carry none of it) into `sides`; `batch`: the batch's own alerts, known already.
 */
async function insertMatches(qr: QueryRunner, schema: string, found: Found, batch: string[], sides: Map<string, Side>): Promise<MatchRow[]> {
  const rows = found.rows;
  if (!rows.length) return [];
  const out = (await qr.query(
    `WITH ins AS (
       INSERT INTO ${schema}.hub_matches (id, alert_a, agency_a, alert_b, agency_b, kind, value_a, value_b, score, found_at)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::uuid[], $5::text[], $6::text[], $7::text[], $8::text[], $9::real[], $10::timestamptz[])
       ON CONFLICT DO NOTHING RETURNING id, alert_a, alert_b)
     SELECT id, NULL AS agency, NULL::text AS level, NULL::text[] AS recipients, NULL::boolean AS discoverable, true AS inserted FROM ins
     UNION ALL
     SELECT a.id, a.agency, a.level, a.recipients, (a.state->>'discoverable')::boolean, false FROM ${schema}.hub_alerts a
      WHERE a.id IN (SELECT alert_a FROM ins UNION SELECT alert_b FROM ins) AND a.id <> ALL($11::uuid[])`,
    [
      rows.map((r) => r.id),
      rows.map((r) => r.alert_a),
      rows.map((r) => r.agency_a),
      rows.map((r) => r.alert_b),
      rows.map((r) => r.agency_b),
      rows.map((r) => r.kind),
      rows.map((r) => r.value_a),
      rows.map((r) => r.value_b),
      rows.map((r) => r.score),
      rows.map((r) => r.found_at),
      batch,
    ],
  )) as Array<{ id: string; agency: string; level: DistributionLevel; recipients: string[]; discoverable: boolean | null; inserted: boolean }>;
  for (const r of out)
    if (!r.inserted) sides.set(r.id, { facts: { agency: r.agency, level: r.level, recipients: r.recipients }, discoverable: !!r.discoverable });
  const fresh = new Set(out.filter((r) => r.inserted).map((r) => r.id));
  return rows.filter((r) => fresh.has(r.id));
}

/** Earlier matches of alerts whose sharing or discoverability changed: a hit may now be due. */
async function rejudged(qr: QueryRunner, schema: string, ids: readonly string[], fresh: readonly MatchRow[]) {
  if (!ids.length) return [];
  const rows = (await qr.query(
    `SELECT m.id, m.alert_a, m.agency_a, m.alert_b, m.agency_b, m.kind, m.value_a, m.value_b, m.score, m.found_at,
            a.level AS level_a, a.recipients AS recipients_a, (a.state->>'discoverable')::boolean AS disc_a,
            b.level AS level_b, b.recipients AS recipients_b, (b.state->>'discoverable')::boolean AS disc_b
       FROM ${schema}.hub_matches m JOIN ${schema}.hub_alerts a ON a.id = m.alert_a JOIN ${schema}.hub_alerts b ON b.id = m.alert_b
      WHERE m.alert_a = ANY($1::uuid[]) OR m.alert_b = ANY($1::uuid[])`,
    [ids],
  )) as Array<
    MatchRow & {
      level_a: DistributionLevel;
      recipients_a: string[];
      disc_a: boolean | null;
      level_b: DistributionLevel;
      recipients_b: string[];
      disc_b: boolean | null;
    }
  >;
  const already = new Set(fresh.map((m) => m.id));
  return rows
    .filter((r) => !already.has(r.id))
    .map((r) => ({
      m: r,
      sides: new Map<string, Side>([
        [r.alert_a, { facts: { agency: r.agency_a, level: r.level_a, recipients: r.recipients_a }, discoverable: !!r.disc_a }],
        [r.alert_b, { facts: { agency: r.agency_b, level: r.level_b, recipients: r.recipients_b }, discoverable: !!r.disc_b }],
      ]),
    }));
}

interface HitRow {
  id: string;
  match_id: string;
  requester_agency: string;
  requester_alert_id: string;
  owner_agency: string;
  owner_alert_id: string;
  kind: string;
  requester_value: string;
  owner_value: string;
  found_at: string;
}

/** Officers of an agency, as the access rules judge them. */
const officersOf = (agency: string) => ({ sub: `officers-of-${agency}`, agency, role: 'officer' as const });

/**
 * A hit for each side of a match whose other alert is discoverable and which that side's officers
 * may not see: they learn only that the other agency holds something related. Never for what they may see.
 */
async function insertHits(qr: QueryRunner, schema: string, pairs: ReadonlyArray<{ m: MatchRow; sides: ReadonlyMap<string, Side> }>): Promise<HitRow[]> {
  const due: HitRow[] = [];
  const foundAt = new Date().toISOString();
  for (const { m, sides } of pairs) {
    const ends = [
      { alert: m.alert_a, agency: m.agency_a, value: m.value_a },
      { alert: m.alert_b, agency: m.agency_b, value: m.value_b },
    ];
    for (const [req, own] of [ends, [...ends].reverse()]) {
      const owner = sides.get(own.alert);
      if (!owner?.discoverable || canSeeAlert(officersOf(req.agency), owner.facts)) continue;
      due.push({
        id: randomUUID(),
        match_id: m.id,
        requester_agency: req.agency,
        requester_alert_id: req.alert,
        owner_agency: own.agency,
        owner_alert_id: own.alert,
        kind: m.kind,
        requester_value: req.value,
        owner_value: own.value,
        found_at: foundAt,
      });
    }
  }
  if (!due.length) return [];
  const keys = Object.keys(due[0]) as Array<keyof HitRow>;
  const types = ['uuid', 'uuid', 'text', 'uuid', 'text', 'uuid', 'text', 'text', 'text', 'timestamptz'];
  const inserted = (await qr.query(
    `INSERT INTO ${schema}.hub_hits (${keys.join(', ')}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(', ')})
     ON CONFLICT DO NOTHING RETURNING id`,
    keys.map((k) => due.map((h) => h[k])),
  )) as Array<{ id: string }>;
  const fresh = new Set(inserted.map((r) => r.id));
  return due.filter((h) => fresh.has(h.id));
}

// `alertIds` names both alerts: the hub's log is replayed in full to an auditor only when every
// alert it names is visible to them (accessRecordVisibility), sealed otherwise.
const matchFact = (m: MatchRow) => ({
  matchId: m.id,
  alertIds: [m.alert_a, m.alert_b],
  kind: m.kind,
  alerts: [
    { agency: m.agency_a, alertId: m.alert_a, value: m.value_a },
    { agency: m.agency_b, alertId: m.alert_b, value: m.value_b },
  ],
  score: m.score,
  foundAt: m.found_at,
});

const hitFact = (h: HitRow) => ({
  hitId: h.id,
  alertIds: [h.requester_alert_id, h.owner_alert_id],
  matchId: h.match_id,
  requesterAgency: h.requester_agency,
  requesterAlertId: h.requester_alert_id,
  ownerAgency: h.owner_agency,
  ownerAlertId: h.owner_alert_id,
  kind: h.kind,
  requesterValue: h.requester_value,
  ownerValue: h.owner_value,
  foundAt: h.found_at,
});

const matchNotice = (m: MatchRow): FeedNotice => {
  const alerts = [
    { agency: m.agency_a, alertId: m.alert_a },
    { agency: m.agency_b, alertId: m.alert_b },
  ];
  return { event: 'match', data: { matchId: m.id, kind: m.kind, alerts, foundAt: m.found_at }, audience: { allOf: alerts } };
};

/** The requester learns the holder and its own value only; the owner learns which alert, which agency, which key. */
const hitNotices = (h: HitRow): FeedNotice[] => [
  {
    event: 'hit',
    data: {
      hitId: h.id,
      side: 'requester',
      holder: h.owner_agency,
      kind: h.kind,
      value: h.requester_value,
      myAlert: { agency: h.requester_agency, alertId: h.requester_alert_id },
      foundAt: h.found_at,
    },
    // Judged again at each delivery: a withdrawn discoverability also silences a resumed feed.
    audience: { hitRequester: { agency: h.requester_agency, hitId: h.id } },
  },
  {
    event: 'hit',
    data: {
      hitId: h.id,
      side: 'owner',
      requesterAgency: h.requester_agency,
      kind: h.kind,
      value: h.owner_value,
      ownAlert: { agency: h.owner_agency, alertId: h.owner_alert_id },
      foundAt: h.found_at,
    },
    audience: { agency: h.owner_agency },
  },
];
