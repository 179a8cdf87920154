import { visibilityScope, type VisibilityScope } from '@cix/access-control';
import type { Principal } from '@cix/auth';
import { sql, type SqlFragment } from './sql.js';

/**
 * The one SQL translation of the access-control scope, for any table with the sharing columns
 * `agency`, `level`, `recipients` (hub_alerts, hub_trend_cells) under an optional alias. It follows
 * `scopeAllows` branch by branch; what the scope does not grant is not in the predicate at all, so
 * a principal with no scope gets `FALSE` (never NULL) and the values stay parameters.
 */
export function scopePredicate(scope: VisibilityScope, alias?: string): SqlFragment {
  const t = alias ? sql`${sql.identifier(alias)}.` : sql.empty;
  return sql.or(
    scope.ownAgencies.length > 0 && sql`${t}agency = ANY(${[...scope.ownAgencies]}::text[])`,
    scope.regional && sql`${t}level = 'regional'`,
    scope.bilateralRecipient !== null && sql`${t}level = 'bilateral' AND ${scope.bilateralRecipient}::text = ANY(${t}recipients)`,
  );
}

/** The rows `p` may see: every hub read path puts this in its WHERE. */
export const visibleTo = (p: Principal | undefined, alias?: string): SqlFragment => scopePredicate(visibilityScope(p), alias);
