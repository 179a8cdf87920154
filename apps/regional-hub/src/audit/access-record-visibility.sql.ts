import { visibilityScope } from '@cix/access-control';
import { PROGRAMME_AGENCY, type Principal } from '@cix/auth';
import { visibilityClause } from '../alerts/domain/visibility.sql.js';

/**
 * Which access records an auditor may read in full: those of its own people, those about alerts it
 * may see (the one visibility clause), and for the programme also those about no alert (exports).
 * `e` is the hub's own events table, `a` the alert a record names (LEFT JOINed, may be null).
 */
export function accessRecordVisibility(p: Principal, firstParam: number): { sql: string; params: unknown[] } {
  const vis = visibilityClause(visibilityScope(p), firstParam + 2, 'a');
  return {
    sql: `(e.payload->>'agency' = $${firstParam} OR ($${firstParam + 1}::boolean AND e.payload->>'alertId' IS NULL) OR (a.id IS NOT NULL AND ${vis.sql}))`,
    params: [p.agency, p.agency === PROGRAMME_AGENCY, ...vis.params],
  };
}
