import type { Principal } from '@cix/auth';
import { redactParties, type SharingFacts } from '@cix/access-control';
import type { AlertContent } from '@cix/contracts';

export interface HubAlertRow {
  id: string;
  seq: string;
  agency: string;
  status: string;
  level: SharingFacts['level'];
  recipients: string[];
  content: AlertContent;
  version: number;
  raised_at: Date;
  updated_at: Date;
}

/** The caller's view of an alert row: sharing facts, content, personal data only where entitled. */
export function toHubAlertView(row: HubAlertRow, principal: Principal) {
  const facts: SharingFacts = { agency: row.agency, level: row.level, recipients: row.recipients };
  return {
    ...row.content,
    id: row.id,
    agency: row.agency,
    status: row.status,
    version: row.version,
    distribution: { level: row.level, recipients: row.recipients },
    parties: redactParties(principal, facts, row.content.parties ?? []),
    raisedAt: new Date(row.raised_at).toISOString(),
    updatedAt: new Date(row.updated_at).toISOString(),
  };
}
export type HubAlertView = ReturnType<typeof toHubAlertView>;
