import { alertView, type AlertState } from '@cix/contracts';

/** The owning node shows everything, including who raised the alert, to whom its persons are granted and whether it is discoverable. */
export function toNodeAlertView(s: AlertState, now = new Date()) {
  return { ...alertView(s, now), raisedBy: s.raisedBy, personalDataGrants: s.personalDataGrants ?? [], discoverable: s.discoverable ?? false };
}
export type NodeAlertView = ReturnType<typeof toNodeAlertView>;
