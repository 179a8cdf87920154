import { visibilityScope } from '@cix/access-control';
import { PROGRAMME_AGENCY, type Principal } from '@cix/auth';
import { visibilityClause } from '../alerts/domain/visibility.sql.js';

/** The alert ids an access record names: `alertId` (detail reads) or `alertIds` (lists, feed, exports). */
const NAMED_IDS = `(SELECT e.payload->>'alertId' WHERE e.payload ? 'alertId' UNION ALL SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(e.payload->'alertIds') = 'array' THEN e.payload->'alertIds' ELSE '[]'::jsonb END))`;
const NAMES_NO_ALERT = `(NOT e.payload ? 'alertId' AND NOT e.payload ? 'alertIds')`;

/**
 * Which access records an auditor may read: those of its own people, those about alerts it may see
 * (the one visibility clause), and for the programme also those about no alert (exports).
 * `mode: 'all'` (replay in full) needs every named alert visible; `'any'` (the access-log query,
 * which then shows only the visible ids) needs one. `e` is the hub's own events table.
 */
export function accessRecordVisibility(p: Principal, firstParam: number, mode: 'all' | 'any' = 'all'): { sql: string; params: unknown[] } {
  const vis = visibilityClause(visibilityScope(p), firstParam + 2, 'a');
  const aboutVisible =
    mode === 'any'
      ? `EXISTS (SELECT 1 FROM hub_alerts a WHERE a.id::text IN ${NAMED_IDS} AND ${vis.sql})`
      : `(NOT ${NAMES_NO_ALERT} AND NOT EXISTS (SELECT 1 FROM ${NAMED_IDS} x(id) LEFT JOIN hub_alerts a ON a.id::text = x.id WHERE a.id IS NULL OR NOT coalesce(${vis.sql}, false)))`; // the clause is NULL (not false) for a bilateral alert when the scope names no recipient
  return {
    sql: `(e.payload->>'agency' = $${firstParam} OR ($${firstParam + 1}::boolean AND ${NAMES_NO_ALERT}) OR ${aboutVisible})`,
    params: [p.agency, p.agency === PROGRAMME_AGENCY, ...vis.params],
  };
}

/** SQL (same parameters as accessRecordVisibility) for the named alert ids the auditor may see. */
export function visibleNamedIds(p: Principal, firstParam: number): string {
  return `ARRAY(SELECT a.id::text FROM hub_alerts a WHERE a.id::text IN ${NAMED_IDS} AND ${visibilityClause(visibilityScope(p), firstParam + 2, 'a').sql})`;
}
