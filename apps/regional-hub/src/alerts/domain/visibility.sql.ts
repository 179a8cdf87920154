import type { VisibilityScope } from '@cix/access-control';

/**
 * The one SQL translation of the access-control scope; every hub read path adds it to its WHERE.
 * `firstParam` is the number of the first bind parameter it may use.
 */
export function visibilityClause(scope: VisibilityScope, firstParam: number, alias = ''): { sql: string; params: unknown[] } {
  const p = firstParam;
  const t = alias ? `${alias}.` : '';
  return {
    sql: `(${t}agency = ANY($${p}::text[]) OR (${t}level = 'regional' AND $${p + 1}::boolean) OR (${t}level = 'bilateral' AND $${p + 2}::text = ANY(${t}recipients)))`,
    params: [scope.ownAgencies, scope.regional, scope.bilateralRecipient],
  };
}
