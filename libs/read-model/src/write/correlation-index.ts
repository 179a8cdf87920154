import type { QueryRunner } from 'typeorm';
import type { AlertState } from '@cix/contracts';
import { correlationKeysOf } from '@cix/correlation';

/** One entry of an alert in the correlation index. `shown` is the value as written on that alert. */
export interface KeyRow {
  readonly alertId: string;
  readonly agency: string;
  readonly kind: string;
  readonly value: string;
  readonly shown: string;
}

/** Candidates for fuzzy party matching: a blocking key of a party name (`shown` is the name, scored later). */
export const PARTY_BLOCK = 'party-block';
/** Route plus HS chapter in the week of the event: a weak signal, scored below identifiers. */
export const ROUTE_HS = 'route-hs';
/** Kinds that are blocking devices, not values: never matched on as such, never listed as common. */
export const INTERNAL_KINDS: ReadonlySet<string> = new Set([PARTY_BLOCK]);

const WEEK_MS = 7 * 86_400_000;
/** Weeks since the epoch: a key for alerts whose events happened within about a week of each other. */
export const weekOf = (instant: string): number => Math.floor(Date.parse(instant) / WEEK_MS);

/** The route-hs value of a route, HS chapter and week (the probe also asks the neighbouring weeks). */
export const routeHsValue = (from: string, to: string, chapter: string, week: number): string => `${from}>${to}:${chapter}:${week}`;

/**
 * The keys an alert is indexed under. A retracted alert has none (what the owner withdrew matches
 * nothing); persons' names are personal data and are never keys (only companies are matched by name).
 */
export function correlationRowsOf(s: AlertState): KeyRow[] {
  if (s.status === 'retracted') return [];
  const rows: KeyRow[] = [];
  const base = { alertId: s.id.toLowerCase(), agency: s.agency };
  for (const k of correlationKeysOf(s.content)) {
    if (k.kind !== 'party') rows.push({ ...base, kind: k.kind, value: k.value, shown: k.kind === 'vessel-name' ? vesselShown(s, k.value) : k.value });
    else if (!k.isPerson) {
      rows.push({ ...base, kind: 'party', value: k.value, shown: k.name });
      for (const b of k.blocking) rows.push({ ...base, kind: PARTY_BLOCK, value: b, shown: k.name });
    }
  }
  const { route, commodity, occurredAt } = s.content;
  const chapter = commodity?.hsCode?.slice(0, 2);
  if (route?.departure && route.destination && chapter && !Number.isNaN(Date.parse(occurredAt))) {
    const shown = `${route.departure}>${route.destination} HS ${chapter}`;
    rows.push({ ...base, kind: ROUTE_HS, value: routeHsValue(route.departure, route.destination, chapter, weekOf(occurredAt)), shown });
  }
  const seen = new Set<string>();
  return rows.filter((r) => {
    const id = `${r.kind}\u0000${r.value}\u0000${r.shown}`;
    return !seen.has(id) && !!seen.add(id);
  });
}

/** Nodes accept vessel names up to this length; a longer one (signed by a compromised node) shows its key instead. */
export const VESSEL_NAME_SHOWN_MAX = 120;
/** A vessel-name key reads as the name written on this alert (Т/Х «Бейбарыс», MV BEYBARYS), never as the other side's spelling. */
const vesselShown = (s: AlertState, key: string): string => {
  const name = s.content.vessel?.name;
  return name && name.length <= VESSEL_NAME_SHOWN_MAX ? name : key;
};

const rowId = (r: KeyRow) => `${r.alertId}\u0000${r.kind}\u0000${r.value}\u0000${r.shown}`;
const valueId = (r: Pick<KeyRow, 'kind' | 'value'>) => `${r.kind}\u0000${r.value}`;
const counterId = (r: Pick<KeyRow, 'kind' | 'value' | 'agency'>) => `${r.kind}\u0000${r.value}\u0000${r.agency}`;

/** How many of one agency's alerts hold a (kind, value): the fan-out bound is judged per agency. */
export interface CounterDelta {
  readonly kind: string;
  readonly value: string;
  readonly agency: string;
  readonly delta: number;
}

export interface IndexChange {
  readonly added: KeyRow[];
  readonly removed: KeyRow[];
  /** Change in the number of each agency's alerts holding each (kind, value). */
  readonly counts: Map<string, CounterDelta>;
}

/** What moves in the index when alerts change from `before` to `after` (null: not indexed). */
export function indexChange(changes: ReadonlyArray<{ before: AlertState | null; after: AlertState }>): IndexChange {
  const out: IndexChange = { added: [], removed: [], counts: new Map() };
  for (const { before, after } of changes) {
    const old = before ? correlationRowsOf(before) : [];
    const now = correlationRowsOf(after);
    const oldIds = new Set(old.map(rowId));
    const nowIds = new Set(now.map(rowId));
    out.added.push(...now.filter((r) => !oldIds.has(rowId(r))));
    out.removed.push(...old.filter((r) => !nowIds.has(rowId(r))));
    const oldValues = new Map(old.map((r) => [valueId(r), r]));
    const nowValues = new Map(now.map((r) => [valueId(r), r]));
    const bump = (r: KeyRow, delta: number) => {
      const c = out.counts.get(counterId(r)) ?? { kind: r.kind, value: r.value, agency: r.agency, delta: 0 };
      out.counts.set(counterId(r), { ...c, delta: c.delta + delta });
    };
    for (const [id, r] of nowValues) if (!oldValues.has(id)) bump(r, 1);
    for (const [id, r] of oldValues) if (!nowValues.has(id)) bump(r, -1);
  }
  return out;
}

const compare = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

const cols = (rows: readonly KeyRow[]) => [
  rows.map((r) => r.alertId),
  rows.map((r) => r.agency),
  rows.map((r) => r.kind),
  rows.map((r) => r.value),
  rows.map((r) => r.shown),
];

/**
 * Writes an index change in one statement, whatever the number of alerts: removed keys, added keys
 * and the per-value counts. `lock`: a transaction lock taken first, in the same round trip.
 */
export async function writeIndexChange(qr: QueryRunner, schema: string, c: IndexChange, lock?: number): Promise<void> {
  const counts = [...c.counts.values()].filter((x) => x.delta !== 0);
  if (!c.added.length && !c.removed.length && !counts.length) {
    if (lock !== undefined) await qr.query(`SELECT pg_advisory_xact_lock(${lock})`);
    return;
  }
  // In a fixed order, so two batches moving the same counters never deadlock.
  counts.sort((a, b) => compare(a.kind, b.kind) || compare(a.value, b.value) || compare(a.agency, b.agency));
  const rows = (at: number) => `unnest($${at}::uuid[], $${at + 1}::text[], $${at + 2}::text[], $${at + 3}::text[], $${at + 4}::text[])`;
  await qr.query(
    `WITH l AS MATERIALIZED (SELECT ${lock === undefined ? '1' : `pg_advisory_xact_lock(${lock})`} AS locked),
     gone AS (DELETE FROM ${schema}.hub_correlation_keys k USING ${rows(1)} AS r(alert_id, agency, kind, value, shown), l
               WHERE k.alert_id = r.alert_id AND k.kind = r.kind AND k.value = r.value AND k.shown = r.shown),
     fresh AS (INSERT INTO ${schema}.hub_correlation_keys (alert_id, agency, kind, value, shown)
               SELECT r.* FROM ${rows(6)} AS r, l ON CONFLICT DO NOTHING)
     INSERT INTO ${schema}.hub_correlation_values AS v (kind, value, agency, alerts)
     -- l drives the outer side: the lock is taken even when no counter moves.
     SELECT x.kind, x.value, x.agency, x.delta FROM l LEFT JOIN unnest($11::text[], $12::text[], $13::text[], $14::int[]) AS x(kind, value, agency, delta) ON true
      WHERE x.kind IS NOT NULL
     ON CONFLICT (kind, value, agency) DO UPDATE SET alerts = v.alerts + excluded.alerts`,
    [...cols(c.removed), ...cols(c.added), counts.map((x) => x.kind), counts.map((x) => x.value), counts.map((x) => x.agency), counts.map((x) => x.delta)],
  );
}

/**
 * Index rows for alerts not indexed yet (migration 040's backfill). Only the rows: the per-agency
 * counters are recomputed from the index by migration 070, which runs after it.
 */
export async function writeKeyRows(qr: QueryRunner, schema: string, added: KeyRow[]): Promise<void> {
  await writeIndexChange(qr, schema, { added, removed: [], counts: new Map() });
}
