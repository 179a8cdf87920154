import { sql, type SqlFragment } from './sql.js';

/**
 * An alert's route as one key in SQL, over its `content` JSON: the same rule as `routeKey` in the
 * trend cells (departure > transit+transit > destination, `?` or `-` where unknown). The list filter
 * and the set-based recomputation of the trends use this one definition.
 */
export const routeKeySql = (content: SqlFragment): SqlFragment => sql`coalesce(${content}->'route'->>'departure', '?') || '>' ||
  coalesce(nullif(array_to_string(ARRAY(SELECT jsonb_array_elements_text(coalesce(${content}->'route'->'transit', '[]'))), '+'), ''), '-') || '>' ||
  coalesce(${content}->'route'->>'destination', '?')`;
