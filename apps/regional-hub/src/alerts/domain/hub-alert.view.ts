import type { Principal } from '@cix/auth';
import { canSeeFeedback, owesFeedback, withholdPersonalData, type SharingFacts } from '@cix/access-control';
import { alertView, type AlertState, type FeedbackGivenV1, type SignedEvent } from '@cix/contracts';
import type { FeedbackVersionRecord } from '@cix/read-model';

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
  /** The current version (the first answer is 1) and every version the hub applied, oldest first. */
  version: number;
  versions: FeedbackVersionRecord[];
}

/**
 * Folds one feedback event (FeedbackGiven or an amendment) into the agencies' latest feedback, with
 * every version kept. Keyed by the signing agency: the payload's claim is not who gave it. Events
 * must come in each giver's log order.
 */
export function addFeedbackVersion(latest: Map<string, FeedbackRow>, e: Pick<SignedEvent, 'agency' | 'payload' | 'recordedAt' | 'streamVersion'>): void {
  const payload = e.payload as FeedbackGivenV1;
  const versions = [...(latest.get(e.agency)?.versions ?? []), { version: e.streamVersion, givenAt: e.recordedAt, payload }];
  latest.set(e.agency, { agency: e.agency, outcome: payload.outcome, payload, given_at: new Date(e.recordedAt), version: e.streamVersion, versions });
}

/** Who may see the alert, and whose officers the owner granted its persons to (C2). */
export const sharingFacts = (row: Pick<HubAlertRow, 'agency' | 'level' | 'recipients'> & { state?: Pick<AlertState, 'personalDataGrants'> }): SharingFacts => {
  const grantees = row.state?.personalDataGrants?.map((g) => g.agency) ?? [];
  return { agency: row.agency, level: row.level, recipients: row.recipients, ...(grantees.length ? { personalDataGrantees: grantees } : {}) };
};

/** One version of a feedback as every reader gets it: the values then, when, and by which unit. */
const feedbackVersionView = (version: number, payload: FeedbackGivenV1, givenAt: string) => ({
  version,
  outcome: payload.outcome,
  seizureReportId: payload.seizureReportId,
  reason: payload.reason,
  notes: payload.notes,
  inspectedAt: payload.inspectedAt,
  givenAt,
  unit: payload.unit,
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
    // The owner's people see to whom they granted the persons; nobody else learns of the grants.
    ...(principal.agency === s.agency ? { personalDataGrants: s.personalDataGrants ?? [] } : {}),
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
      version: f.version,
      versions: f.versions.map((v) => feedbackVersionView(v.version, v.payload, new Date(v.givenAt).toISOString())),
    })),
  };
}
export type HubAlertView = ReturnType<typeof toHubAlertView>;
