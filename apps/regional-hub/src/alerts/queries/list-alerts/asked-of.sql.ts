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
  if (!f.askedOf && !f.raisedFrom && !f.raisedTo) return false;
  return sql.and(
    f.askedOf && askedOf(p, f.askedOf, f.answer),
    f.raisedFrom && sql`raised_at >= ${f.raisedFrom}::timestamptz`,
    f.raisedTo && sql`raised_at < ${f.raisedTo}::timestamptz`,
  );
}

function askedOf(p: Principal, asked: string, answer: ListHubAlertsRequestDto['answer']): SqlFragment {
  // The programme is never asked to act (the figures leave it out of the recipients too).
  if (asked === PROGRAMME_AGENCY) return sql`FALSE`;
  const feedback = sql`SELECT 1 FROM hub_feedback fb WHERE fb.alert_id = hub_alerts.id AND fb.agency = ${asked}`;
  return sql.and(
    sql`kind = 'high-risk-consignment' AND status <> 'retracted' AND agency <> ${asked}
        AND CASE WHEN level = 'regional' THEN ${asked} = ANY(ARRAY['AZ','KZ','TM']) ELSE ${asked} = ANY(recipients) END`,
    !!answer && p.agency !== PROGRAMME_AGENCY && p.agency !== asked && sql`agency = ${p.agency}`,
    !!answer && ANSWER[answer](feedback, sql`status = 'open' AND feedback_due_at < now()`),
  );
}

const ANSWER: Record<NonNullable<ListHubAlertsRequestDto['answer']>, (feedback: SqlFragment, overdue: SqlFragment) => SqlFragment> = {
  given: (fb) => sql`EXISTS (${fb})`,
  seizure: (fb) => sql`EXISTS (${fb} AND fb.outcome = 'seizure')`,
  overdue: (fb, overdue) => sql`NOT EXISTS (${fb}) AND ${overdue}`,
  unanswered: (fb, overdue) => sql`NOT EXISTS (${fb}) AND NOT (${overdue})`,
};
