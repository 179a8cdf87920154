import type { DataSource } from 'typeorm';
import type { FeedbackRow } from './hub-alert.view.js';

/** Feedback rows for a page of alerts, in one query. */
export async function feedbackFor(db: DataSource, alertIds: string[]): Promise<Map<string, FeedbackRow[]>> {
  const map = new Map<string, FeedbackRow[]>();
  if (!alertIds.length) return map;
  const rows = await db.query<Array<FeedbackRow & { alert_id: string }>>(
    'SELECT alert_id, agency, outcome, payload, given_at FROM hub_feedback WHERE alert_id = ANY($1::uuid[]) ORDER BY given_at',
    [alertIds],
  );
  for (const r of rows) map.set(r.alert_id, [...(map.get(r.alert_id) ?? []), r]);
  return map;
}
