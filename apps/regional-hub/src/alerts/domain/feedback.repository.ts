import type { DataSource } from 'typeorm';
import { queryRows, sql } from '@cix/read-model';
import type { FeedbackRow } from './hub-alert.view.js';

/** Feedback rows for a page of alerts, in one query. */
export async function feedbackFor(db: DataSource, alertIds: string[]): Promise<Map<string, FeedbackRow[]>> {
  const map = new Map<string, FeedbackRow[]>();
  if (!alertIds.length) return map;
  const rows = await queryRows<FeedbackRow & { alert_id: string }>(
    db,
    sql`SELECT alert_id, agency, outcome, payload, given_at, version, versions FROM hub_feedback WHERE alert_id = ANY(${alertIds}::uuid[]) ORDER BY given_at`,
  );
  for (const r of rows) map.set(r.alert_id, [...(map.get(r.alert_id) ?? []), r]);
  return map;
}
