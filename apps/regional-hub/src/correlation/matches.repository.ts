import type { Principal } from '@cix/auth';
import { INTERNAL_KINDS, queryRows, sql, visibleTo, type Queryable } from '@cix/read-model';

/** A match as the alert detail shows it: the value as written on THIS alert, the other alert by identity only. */
export interface AlertMatch {
  readonly matchId: string;
  readonly kind: string;
  readonly value: string;
  readonly score: number;
  readonly other: { readonly agency: string; readonly alertId: string };
  readonly foundAt: string;
}

export interface MatchItem {
  readonly matchId: string;
  readonly kind: string;
  readonly score: number;
  readonly foundAt: string;
  readonly alerts: ReadonlyArray<{ readonly agency: string; readonly alertId: string; readonly value: string }>;
}

interface MatchRow {
  id: string;
  kind: string;
  score: number;
  found_at: Date;
  alert_a: string;
  agency_a: string;
  value_a: string;
  alert_b: string;
  agency_b: string;
  value_b: string;
}

// Deny by default: a match exists for the caller only when it may see BOTH alerts, by the one
// visibility predicate every read path uses (retracted alerts stay as they are shown elsewhere).
const BOTH_VISIBLE = (p: Principal) =>
  sql`FROM hub_matches m JOIN hub_alerts a ON a.id = m.alert_a JOIN hub_alerts b ON b.id = m.alert_b WHERE ${visibleTo(p, 'a')} AND ${visibleTo(p, 'b')}`;

/** The matches of one alert (the caller may see it) whose other alert the caller may see too. */
export async function matchesOfAlert(db: Queryable, p: Principal, alertId: string): Promise<AlertMatch[]> {
  const rows = await queryRows<MatchRow>(
    db,
    sql`SELECT m.* ${BOTH_VISIBLE(p)} AND (m.alert_a = ${alertId}::uuid OR m.alert_b = ${alertId}::uuid) ORDER BY m.found_at DESC, m.id LIMIT 200`,
  );
  return rows.map((r) => {
    const mine = r.alert_a === alertId.toLowerCase();
    return {
      matchId: r.id,
      kind: r.kind,
      value: mine ? r.value_a : r.value_b,
      score: Math.round(r.score * 1000) / 1000,
      other: mine ? { agency: r.agency_b, alertId: r.alert_b } : { agency: r.agency_a, alertId: r.alert_a },
      foundAt: new Date(r.found_at).toISOString(),
    };
  });
}

/** Newest first; `after` is the last item of the previous page (found_at, id). */
export async function listMatches(
  db: Queryable,
  p: Principal,
  q: { kind?: string; after?: { foundAt: string; id: string }; limit: number },
): Promise<MatchItem[]> {
  const rows = await queryRows<MatchRow>(
    db,
    sql`SELECT m.* ${BOTH_VISIBLE(p)} AND ${sql.and(
      q.kind !== undefined && sql`m.kind = ${q.kind}`,
      q.after && sql`(m.found_at, m.id) < (${q.after.foundAt}::timestamptz, ${q.after.id}::uuid)`,
    )} ORDER BY m.found_at DESC, m.id DESC LIMIT ${q.limit}`,
  );
  return rows.map((r) => ({
    matchId: r.id,
    kind: r.kind,
    score: Math.round(r.score * 1000) / 1000,
    foundAt: new Date(r.found_at).toISOString(),
    alerts: [
      { agency: r.agency_a, alertId: r.alert_a, value: r.value_a },
      { agency: r.agency_b, alertId: r.alert_b, value: r.value_b },
    ],
  }));
}

/** Counts of the matches the caller may see (both alerts), by key type: the same rule for every role. */
export async function matchCounts(db: Queryable, p: Principal, from?: string, to?: string): Promise<Array<{ kind: string; matches: number }>> {
  const rows = await queryRows<{ kind: string; matches: string }>(
    db,
    sql`SELECT m.kind, count(*) AS matches ${BOTH_VISIBLE(p)} AND ${sql.and(
      from !== undefined && sql`m.found_at >= ${from}::timestamptz`,
      to !== undefined && sql`m.found_at < ${to}::timestamptz`,
    )} GROUP BY m.kind ORDER BY m.kind`,
  );
  return rows.map((r) => ({ kind: r.kind, matches: Number(r.matches) }));
}

export interface CommonValue {
  readonly kind: string;
  readonly value: string;
  /** Absent for a decided value now under the bound. */
  readonly alerts?: number;
  readonly decision?: 'common' | 'not-common';
}

/**
 * Values over the fan-out bound for at least one agency (more of its own alerts hold it: they stop
 * matching that agency's alerts) with how many alerts of all agencies hold them, or decided by a
 * coordinator: the values only (never which alerts or which agency hold them). Persons' names are never indexed, so never listed; blocking keys are not values.
 */
export async function commonValues(db: Queryable, maxFanout: number): Promise<CommonValue[]> {
  const rows = await queryRows<{ kind: string; value: string; alerts: number | null; decision: 'common' | 'not-common' | null }>(
    db,
    sql`SELECT coalesce(v.kind, c.kind) AS kind, coalesce(v.value, c.value) AS value, v.alerts, c.decision
          FROM (SELECT kind, value, sum(alerts)::int AS alerts FROM hub_correlation_values
                 WHERE (kind, value) IN (SELECT kind, value FROM hub_correlation_values WHERE alerts > ${maxFanout} AND alerts > 1) GROUP BY kind, value) v
          FULL JOIN hub_correlation_common c ON c.kind = v.kind AND c.value = v.value
         WHERE coalesce(v.kind, c.kind) <> ALL(${[...INTERNAL_KINDS]}::text[])
         ORDER BY v.alerts DESC NULLS LAST, 1, 2 LIMIT 500`,
  );
  // A decided value under the bound shows no count: a coordinator may decide on any value it likes,
  // and the count would tell it how many alerts it may not see hold that container or company.
  return rows.map((r) => ({
    kind: r.kind,
    value: r.value,
    ...(r.alerts !== null ? { alerts: r.alerts } : {}),
    ...(r.decision ? { decision: r.decision } : {}),
  }));
}

export async function decideCommonValue(db: Queryable, p: Principal, v: { kind: string; value: string; decision: 'common' | 'not-common' }): Promise<void> {
  await queryRows(
    db,
    sql`INSERT INTO hub_correlation_common (kind, value, decision, decided_by) VALUES (${v.kind}, ${v.value}, ${v.decision}, ${p.sub})
        ON CONFLICT (kind, value) DO UPDATE SET decision = excluded.decision, decided_by = excluded.decided_by, decided_at = now()`,
  );
}
