import type { VisibilityScope } from '@cix/access-control';

/**
 * The one SQL translation of the access-control scope; every hub read path adds it to its WHERE.
 * `firstParam` is the number of the first bind parameter it may use.
 */
export function visibilityClause(scope: VisibilityScope, firstParam: number): { sql: string; params: unknown[] } {
  const p = firstParam;
  return {
    sql: `(agency = ANY($${p}::text[]) OR (level = 'regional' AND $${p + 1}::boolean) OR (level = 'bilateral' AND $${p + 2}::text = ANY(recipients)))`,
    params: [scope.ownAgencies, scope.regional, scope.bilateralRecipient],
  };
}
