import { alertView, type AlertState } from '@cix/contracts';

/** The owning node shows everything, including who raised the alert and to whom its persons are granted. */
export function toNodeAlertView(s: AlertState, now = new Date()) {
  return { ...alertView(s, now), raisedBy: s.raisedBy, personalDataGrants: s.personalDataGrants ?? [] };
}
export type NodeAlertView = ReturnType<typeof toNodeAlertView>;
