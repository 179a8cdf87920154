import { alertView, type AlertState } from '@cix/contracts';

/** The owning node shows everything, including who raised the alert. */
export function toNodeAlertView(s: AlertState, now = new Date()) {
  return { ...alertView(s, now), raisedBy: s.raisedBy };
}
export type NodeAlertView = ReturnType<typeof toNodeAlertView>;
