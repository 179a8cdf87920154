import { PROGRAMME_AGENCY, type Principal } from '@cix/auth';
import { sql, type SqlFragment } from '@cix/read-model';
import type { ListHubAlertsRequestDto } from './list-alerts.request.dto.js';

/**
 * The alerts behind an effectiveness figure (`GET /api/trends/effectiveness?groupBy=receivingAgency`):
 * the same (alert, agency asked to act) pairs, the same answered/overdue rule and the same period
 * (when raised), so a figure and the list it opens agree. Whether an agency answered is feedback:
 * as in the figures, an officer may filter by it only on its own alerts or where it was asked itself.
 */
export function askedOfClause(p: Principal, f: ListHubAlertsRequestDto): SqlFragment | false {
  if (!f.askedOf && !f.answer && !f.raisedFrom && !f.raisedTo) return false;
  const asked = f.askedOf;
  const feedback = asked && sql`SELECT 1 FROM hub_feedback fb WHERE fb.alert_id = hub_alerts.id AND fb.agency = ${asked}`;
  const overdue = sql`status = 'open' AND feedback_due_at < now()`;
  return sql.and(
    sql`kind = 'high-risk-consignment' AND status <> 'retracted'`,
    !!asked &&
      sql`agency <> ${asked} AND ${asked} <> ${PROGRAMME_AGENCY} AND CASE WHEN level = 'regional' THEN ${asked} = ANY(ARRAY['AZ','KZ','TM']) ELSE ${asked} = ANY(recipients) END`,
    !!f.answer && !!asked && p.agency !== PROGRAMME_AGENCY && p.agency !== asked && sql`agency = ${p.agency}`,
    !!f.answer && !!feedback && ANSWER[f.answer](feedback, overdue),
    f.raisedFrom && sql`raised_at >= ${f.raisedFrom}::timestamptz`,
    f.raisedTo && sql`raised_at < ${f.raisedTo}::timestamptz`,
  );
}

const ANSWER: Record<NonNullable<ListHubAlertsRequestDto['answer']>, (feedback: SqlFragment, overdue: SqlFragment) => SqlFragment> = {
  given: (fb) => sql`EXISTS (${fb})`,
  seizure: (fb) => sql`EXISTS (${fb} AND fb.outcome = 'seizure')`,
  overdue: (fb, overdue) => sql`NOT EXISTS (${fb}) AND ${overdue}`,
  unanswered: (fb, overdue) => sql`NOT EXISTS (${fb}) AND NOT (${overdue})`,
};
