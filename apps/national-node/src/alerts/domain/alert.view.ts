import { AlertEventType, type AlertContent, type AlertRaisedV1, type Distribution } from '@cix/contracts';
import type { StoredEvent } from '@cix/event-store';

export type AlertStatus = 'open' | 'closed' | 'retracted';

/** An alert as its owning node shows it: folded from its stream. */
export interface AlertView extends AlertContent {
  readonly id: string;
  readonly agency: string;
  readonly version: number;
  readonly status: AlertStatus;
  readonly distribution: Distribution;
  readonly raisedAt: string;
  readonly raisedBy: { readonly actor: string; readonly unit?: string };
  readonly updatedAt: string;
}

export const alertStreamId = (alertId: string): string => `alert-${alertId}`;

export function foldAlert(events: readonly StoredEvent[]): AlertView | null {
  let view: AlertView | null = null;
  for (const e of events) {
    if (e.type === AlertEventType.Raised) {
      const p = e.payload as AlertRaisedV1;
      view = {
        ...p.content, id: p.alertId, agency: p.agency, version: e.streamVersion, status: 'open', distribution: p.distribution,
        raisedAt: e.recordedAt, raisedBy: { actor: e.metadata.actor, unit: e.metadata.unit }, updatedAt: e.recordedAt,
      };
    } else if (view) {
      view = { ...(view as AlertView), version: e.streamVersion, updatedAt: e.recordedAt };
    }
  }
  return view;
}
