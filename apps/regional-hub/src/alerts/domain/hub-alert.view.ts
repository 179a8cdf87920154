import type { Principal } from '@cix/auth';
import { canSeeFeedback, owesFeedback, withholdPersonalData, type SharingFacts } from '@cix/access-control';
import { alertView, type AlertState, type FeedbackGivenV1 } from '@cix/contracts';

export interface HubAlertRow {
  id: string;
  seq: string;
  agency: string;
  level: SharingFacts['level'];
  recipients: string[];
  state: AlertState;
}

export interface FeedbackRow {
  agency: string;
  outcome: string;
  payload: FeedbackGivenV1;
  given_at: Date;
}

export const sharingFacts = (row: Pick<HubAlertRow, 'agency' | 'level' | 'recipients'>): SharingFacts => ({
  agency: row.agency,
  level: row.level,
  recipients: row.recipients,
});

/**
 * The caller's view of an alert: content, lifecycle, personal data only where entitled, the
 * feedback the caller may see, and whether the caller's own agency still owes feedback.
 */
export function toHubAlertView(row: HubAlertRow, principal: Principal, feedback: FeedbackRow[] = [], now = new Date()) {
  const s = row.state;
  const facts = sharingFacts(row);
  const visibleFeedback = feedback.filter((f) => canSeeFeedback(principal, facts, f.agency));
  const mine = feedback.find((f) => f.agency === principal.agency);
  const owes = s.content.kind === 'high-risk-consignment' && owesFeedback(principal, facts);
  return {
    ...withholdPersonalData(principal, facts, alertView(s, now)),
    parties: withholdPersonalData(principal, facts, s.content.parties ?? []),
    feedbackStatus: owes ? (mine ? 'given' : Date.parse(s.feedbackDueAt) < now.getTime() ? 'overdue' : 'open') : null,
    feedback: visibleFeedback.map((f) => ({
      agency: f.agency,
      unit: f.payload.unit,
      outcome: f.outcome,
      seizureReportId: f.payload.seizureReportId,
      reason: f.payload.reason,
      notes: f.payload.notes,
      inspectedAt: f.payload.inspectedAt,
      givenAt: new Date(f.given_at).toISOString(),
    })),
  };
}
export type HubAlertView = ReturnType<typeof toHubAlertView>;
