import type { QueryRunner } from 'typeorm';
import type { AlertState, Party } from '@cix/contracts';
import { blockingKeys, normaliseParty, partySimilarity, PARTY_MATCH_THRESHOLD } from '@cix/correlation';
import type { FeedNotice } from '../projector/feed-notice.js';

/** One party of an alert found on a watch list: a fact for the alert's own agency only. */
export interface ScreeningHit {
  readonly id: string;
  readonly alertId: string;
  readonly agency: string;
  readonly partyRole: string;
  /** A person's name is personal data: only the owning agency ever reads it. */
  readonly partyName: string;
  readonly partyIsPerson: boolean;
  readonly list: string;
  readonly version: number;
  readonly reference: string;
  readonly entryKind: string;
  readonly entryName: string;
  readonly alias: string;
  readonly aliasQuality: string;
  readonly score: number;
  readonly foundAt: string;
}

/** What screening reads of an alert. */
export interface Screenable {
  readonly id: string;
  readonly agency: string;
  readonly parties: readonly Party[];
}

interface Candidate {
  id: string;
  list: string;
  version: number;
  reference: string;
  entry_kind: string;
  entry_name: string;
  alias: string;
  quality: string;
  normalised: string;
}

/** The keys a name is looked up by: its blocking keys and its whole normalised form. */
export const lookupKeys = (name: string): string[] => {
  const n = normaliseParty(name);
  return n ? [`n:${n}`, ...blockingKeys(name)] : [];
};

// A key shared by more names than this (a common word of a long list) adds nothing but scoring work.
const MAX_CANDIDATES = 5000;
const MAX_SCORED_PER_PARTY = 150;

/** Named parties only: an erased person is a commitment without a name, and is not screened. */
const namedParties = (a: Screenable) => a.parties.filter((p) => typeof p?.name === 'string' && p.name.trim() !== '');

/**
 * Screens the parties of `alerts` against the current version of every list (or of `list` only):
 * candidates come from the blocking-key index, each is scored with the correlation's
 * partySimilarity, and the best alias of each entry above the threshold is kept. New hits (and
 * hits found again after they were delisted) are returned; a hit found again is moved to the
 * version that found it. Runs in the caller's transaction.
 */
export async function screenAlerts(qr: QueryRunner, schema: string, alerts: readonly Screenable[], list?: string): Promise<ScreeningHit[]> {
  const named = alerts.map((a) => ({ a, parties: namedParties(a) })).filter((x) => x.parties.length);
  if (!named.length) return [];
  const keysOf = new Map<string, string[]>();
  for (const { parties } of named) for (const p of parties) if (!keysOf.has(p.name)) keysOf.set(p.name, lookupKeys(p.name));
  const keys = [...new Set([...keysOf.values()].flat())];
  if (!keys.length) return [];
  const candidates = (await qr.query(
    `SELECT k.key, n.id, n.list, n.version, n.reference, n.entry_kind, n.entry_name, n.alias, n.quality, n.normalised
       FROM ${schema}.hub_watchlist_keys k
       JOIN ${schema}.hub_watchlists w ON w.name = k.list AND w.current_version = k.version
       JOIN ${schema}.hub_watchlist_names n ON n.id = k.name_id
      WHERE k.key = ANY($1::text[]) ${list ? 'AND k.list = $3' : ''}
      LIMIT $2`,
    list ? [keys, MAX_CANDIDATES, list] : [keys, MAX_CANDIDATES],
  )) as Array<Candidate & { key: string }>;
  if (!candidates.length) return [];
  // One object per name, however many keys found it (the `seen` check below is by identity).
  const byId = new Map<string, Candidate>();
  const byKey = new Map<string, Candidate[]>();
  for (const { key, ...row } of candidates) {
    const c = byId.get(row.id) ?? (byId.set(row.id, row), row);
    (byKey.get(key) ?? (byKey.set(key, []), byKey.get(key)!)).push(c);
  }
  const rows: Array<Omit<ScreeningHit, 'id' | 'foundAt'>> = [];
  for (const { a, parties } of named)
    for (const p of parties) {
      const norm = normaliseParty(p.name);
      const best = new Map<string, { c: Candidate; score: number }>();
      const shared = new Map<Candidate, number>();
      for (const k of keysOf.get(p.name) ?? []) for (const c of byKey.get(k) ?? []) shared.set(c, (shared.get(c) ?? 0) + 1);
      // The names sharing the most keys first, and only so many: a name the party's words match
      // shares several keys, one sharing a single coarse key (initials, a prefix) rarely scores.
      const ranked = [...shared].sort((x, y) => y[1] - x[1]).slice(0, MAX_SCORED_PER_PARTY);
      for (const [c] of ranked) {
        const score = c.normalised === norm ? 1 : partySimilarity(p.name, c.alias);
        const entry = `${c.list}\u0000${c.reference}`;
        if (score >= PARTY_MATCH_THRESHOLD && score > (best.get(entry)?.score ?? 0)) best.set(entry, { c, score });
      }
      for (const { c, score } of best.values())
        rows.push({
          alertId: a.id,
          agency: a.agency,
          partyRole: p.role,
          partyName: p.name,
          partyIsPerson: p.isPerson === true,
          list: c.list,
          version: c.version,
          reference: c.reference,
          entryKind: c.entry_kind,
          entryName: c.entry_name,
          alias: c.alias,
          aliasQuality: c.quality,
          score: Math.round(score * 1000) / 1000,
        });
    }
  // One row per (alert, list, entry, name): a name given twice (two roles) would otherwise hit the same row twice in one upsert.
  const unique = new Map<string, (typeof rows)[number]>();
  for (const r of rows) {
    const k = [r.alertId, r.list, r.reference, r.partyName].join('\u0000');
    if ((unique.get(k)?.score ?? -1) < r.score) unique.set(k, r);
  }
  return unique.size ? recordHits(qr, schema, [...unique.values()]) : [];
}

/** Upserts the hits; returns those that are new or listed again (what the owner is to be told of). */
async function recordHits(qr: QueryRunner, schema: string, rows: Array<Omit<ScreeningHit, 'id' | 'foundAt'>>): Promise<ScreeningHit[]> {
  const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
  const out = (await qr.query(
    `INSERT INTO ${schema}.hub_screening_hits AS h
       (alert_id, agency, party_role, party_name, party_is_person, list, version, reference, entry_kind, entry_name, alias, alias_quality, score)
     SELECT * FROM unnest($1::uuid[], $2::text[], $3::text[], $4::text[], $5::boolean[], $6::text[], $7::int[], $8::text[], $9::text[], $10::text[], $11::text[], $12::text[], $13::real[])
     ON CONFLICT (alert_id, list, reference, party_name) DO UPDATE
       SET version = EXCLUDED.version, entry_name = EXCLUDED.entry_name, alias = EXCLUDED.alias, alias_quality = EXCLUDED.alias_quality,
           score = EXCLUDED.score, delisted_at = NULL
     RETURNING id, alert_id, agency, party_role, party_name, party_is_person, list, version, reference, entry_kind, entry_name, alias, alias_quality,
               score, found_at, (xmax = 0) AS fresh, (SELECT delisted_at IS NOT NULL FROM ${schema}.hub_screening_hits o WHERE o.id = h.id) AS was_delisted`,
    [
      col('alertId'),
      col('agency'),
      col('partyRole'),
      col('partyName'),
      col('partyIsPerson'),
      col('list'),
      col('version'),
      col('reference'),
      col('entryKind'),
      col('entryName'),
      col('alias'),
      col('aliasQuality'),
      col('score'),
    ],
  )) as Array<HitRow & { fresh: boolean; was_delisted: boolean | null }>;
  return out.filter((r) => r.fresh || r.was_delisted).map(toScreeningHit);
}

export interface HitRow {
  id: string;
  alert_id: string;
  agency: string;
  party_role: string;
  party_name: string;
  party_is_person: boolean;
  list: string;
  version: number;
  reference: string;
  entry_kind: string;
  entry_name: string;
  alias: string;
  alias_quality: string;
  score: number;
  found_at: Date;
}

export const toScreeningHit = (r: HitRow): ScreeningHit => ({
  id: r.id,
  alertId: r.alert_id,
  agency: r.agency,
  partyRole: r.party_role,
  partyName: r.party_name,
  partyIsPerson: r.party_is_person,
  list: r.list,
  version: r.version,
  reference: r.reference,
  entryKind: r.entry_kind,
  entryName: r.entry_name,
  alias: r.alias,
  aliasQuality: r.alias_quality,
  score: Number(r.score),
  foundAt: new Date(r.found_at).toISOString(),
});

const partyNames = (s: AlertState | null) => JSON.stringify((s?.content?.parties ?? []).map((p) => [p?.role, p?.name, p?.isPerson]));

/**
 * The projector's hook (live mode, after the fold): screens each new alert and each alert whose
 * parties changed. A person no longer named on the alert (erased, or removed by an amendment) takes
 * their hits along: the hub keeps no person's name its alert no longer holds.
 */
export async function screenArrivals(
  qr: QueryRunner,
  schema: string,
  alerts: ReadonlyArray<{ before: AlertState | null; after: AlertState }>,
): Promise<ScreeningHit[]> {
  const changed = alerts.filter((a) => !a.before || partyNames(a.before) !== partyNames(a.after));
  if (!changed.length) return [];
  const amended = changed.filter((a) => a.before).map((a) => a.after);
  if (amended.length)
    await qr.query(
      `DELETE FROM ${schema}.hub_screening_hits h USING unnest($1::uuid[], $2::jsonb[]) AS a(id, names)
        WHERE h.alert_id = a.id AND h.party_is_person AND NOT a.names ? h.party_name`,
      [
        amended.map((s) => s.id),
        amended.map((s) => JSON.stringify(namedParties({ id: s.id, agency: s.agency, parties: s.content.parties ?? [] }).map((p) => p.name))),
      ],
    );
  return screenAlerts(
    qr,
    schema,
    changed.map((a) => ({ id: a.after.id, agency: a.after.agency, parties: a.after.content.parties ?? [] })),
  );
}

/**
 * The live notice of each hit (SSE `event: screening-hit`), to the owning agency's officers and
 * auditors only. Names stay out of it (the feed's journal keeps notices for resume): the owner
 * reads them on the alert detail or the hits list.
 */
export const screeningNotices = (hits: readonly ScreeningHit[]): FeedNotice[] =>
  hits.map((h) => ({
    event: 'screening-hit',
    data: {
      hitId: h.id,
      alert: { agency: h.agency, alertId: h.alertId },
      partyRole: h.partyRole,
      list: h.list,
      version: h.version,
      reference: h.reference,
      entryKind: h.entryKind,
      score: h.score,
      foundAt: h.foundAt,
    },
    audience: { agency: h.agency },
  }));
