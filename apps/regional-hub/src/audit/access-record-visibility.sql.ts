import { PROGRAMME_AGENCY, type Principal } from '@cix/auth';
import { sql, visibleTo, type SqlFragment } from '@cix/read-model';

/** The alert ids an access record names: `alertId` (detail reads) or `alertIds` (lists, feed, exports). */
const NAMED_IDS = sql`(SELECT e.payload->>'alertId' WHERE e.payload ? 'alertId' UNION ALL SELECT jsonb_array_elements_text(CASE WHEN jsonb_typeof(e.payload->'alertIds') = 'array' THEN e.payload->'alertIds' ELSE '[]'::jsonb END))`;
const NAMES_NO_ALERT = sql`(NOT e.payload ? 'alertId' AND NOT e.payload ? 'alertIds')`;

/**
 * Which access records an auditor may read: those of its own people, those about alerts it may see
 * (the one visibility predicate), and for the programme also those about no alert (exports).
 * `mode: 'all'` (replay in full) needs every named alert visible; `'any'` (the access-log query,
 * which then shows only the visible ids) needs one. `e` is the hub's own events table.
 */
export function accessRecordVisibility(p: Principal, mode: 'all' | 'any' = 'all'): SqlFragment {
  const vis = visibleTo(p, 'a');
  // coalesce: a NULL in an alert's recipients must not turn "not visible" into "unknown", hence not excluded.
  const allVisible = sql`NOT ${NAMES_NO_ALERT} AND NOT EXISTS (SELECT 1 FROM ${NAMED_IDS} x(id) LEFT JOIN hub_alerts a ON a.id::text = x.id WHERE a.id IS NULL OR NOT coalesce(${vis}, false))`;
  // The action of a match or hit read says the alerts it names are in a match or a hit. Records
  // are split by owning agency, so one never names both alerts: another agency's such record is
  // for the auditors of the agency owning every alert it names (who learn who read their own
  // alert), never for a third party who merely may see one of them.
  const allOwn = sql`NOT ${NAMES_NO_ALERT} AND NOT EXISTS (SELECT 1 FROM ${NAMED_IDS} x(id) LEFT JOIN hub_alerts a ON a.id::text = x.id WHERE a.id IS NULL OR a.agency <> ${p.agency})`;
  const aboutVisible = sql`CASE WHEN e.payload->>'action' LIKE 'match.%' OR e.payload->>'action' LIKE 'discovery.%' THEN ${allOwn} ELSE ${
    mode === 'any' ? sql`EXISTS (SELECT 1 FROM hub_alerts a WHERE a.id::text IN ${NAMED_IDS} AND ${vis})` : allVisible
  } END`;
  return sql.or(sql`e.payload->>'agency' = ${p.agency}`, p.agency === PROGRAMME_AGENCY && NAMES_NO_ALERT, aboutVisible);
}

/** The named alert ids of the access record `e` that the auditor may see. */
export const visibleNamedIds = (p: Principal): SqlFragment =>
  sql`ARRAY(SELECT a.id::text FROM hub_alerts a WHERE a.id::text IN ${NAMED_IDS} AND ${visibleTo(p, 'a')})`;
