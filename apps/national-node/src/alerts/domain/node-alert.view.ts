import { effectiveStatus, type AlertState } from '@cix/contracts';

/** How the owning node shows an alert: content at the top level, as it was posted, plus lifecycle. */
export function toNodeAlertView(s: AlertState, now = new Date()) {
  return {
    ...s.content,
    id: s.id,
    agency: s.agency,
    version: s.version,
    status: effectiveStatus(s, now),
    ...(s.statusReason ? { statusReason: s.statusReason } : {}),
    distribution: s.distribution,
    raisedAt: s.raisedAt,
    raisedBy: s.raisedBy,
    updatedAt: s.updatedAt,
    feedbackDueAt: s.feedbackDueAt,
    expiresAt: s.expiresAt,
  };
}
export type NodeAlertView = ReturnType<typeof toNodeAlertView>;
