import { AlertEventType } from '../events/alert.events.js';
import type { RecordedAlertEvent } from '../events/alert-event.js';
import type { AlertContent, Distribution } from '../events/alert.types.js';
import { PersonalDataEventType } from '../events/personal-data-erased.js';
import { UNSAFE_KEYS } from '../validation/unsafe-keys.js';
import { restorePersonalData, type PersonalDataRecords } from '../events/personal-data.js';

export type AlertStatus = 'open' | 'closed' | 'retracted';

/** An alert folded from its events: the same function on the node and on the hub. */
export interface AlertState {
  readonly id: string;
  readonly agency: string;
  readonly version: number;
  readonly status: AlertStatus;
  readonly content: AlertContent;
  readonly distribution: Distribution;
  readonly raisedAt: string;
  readonly raisedBy: { readonly actor: string; readonly unit?: string };
  readonly updatedAt: string;
  readonly feedbackDueAt: string;
  readonly expiresAt: string;
  readonly statusReason?: string;
  /** Agencies the owner granted the alert's persons to (absent: none ever granted, so older states stay as they were). */
  readonly personalDataGrants?: readonly PersonalDataGrant[];
  /** Whether other agencies' matches may reveal that the owner holds it (hit/no-hit); absent: not discoverable. */
  readonly discoverable?: boolean;
}

export interface PersonalDataGrant {
  readonly agency: string;
  readonly legalBasis: string;
  readonly grantedAt: string;
}

/**
 * Whether a distribution still shares the alert with another agency's officers (the sharing
 * model's rule for them; `libs/access-control` holds the same rule for every reader). A grant of
 * personal data lapses when its agency loses the alert: widening again does not bring it back.
 */
export const distributionReaches = (d: Distribution, agency: string): boolean =>
  d.level === 'regional' || (d.level === 'bilateral' && d.recipients.includes(agency));

export interface AlertEventLike {
  readonly type: string;
  readonly payload: unknown;
  readonly streamVersion: number;
  readonly recordedAt: string;
  readonly metadata: { readonly actor: string; readonly unit?: string };
  readonly personalData?: PersonalDataRecords;
}

/** The alert's fold, typed: `evolve(state, event) → state`, the same on the node and on the hub. */
export function evolve(state: AlertState | null, event: RecordedAlertEvent): AlertState | null {
  // Persons come back from the side record; where it is absent (erased) they fold as withheld.
  const e = { ...event, payload: restorePersonalData(event.payload, event.personalData) } as RecordedAlertEvent;
  const touched = <T extends AlertState>(s: T): T => ({ ...s, version: e.streamVersion, updatedAt: e.recordedAt });
  switch (e.type) {
    case AlertEventType.Raised: {
      const p = e.payload;
      return {
        id: p.alertId,
        agency: p.agency,
        version: e.streamVersion,
        status: 'open',
        content: p.content,
        distribution: p.distribution,
        raisedAt: e.recordedAt,
        raisedBy: { actor: e.metadata.actor, unit: e.metadata.unit },
        updatedAt: e.recordedAt,
        feedbackDueAt: p.feedbackDueAt,
        expiresAt: p.expiresAt,
        ...(typeof p.discoverable === 'boolean' ? { discoverable: p.discoverable } : {}),
      };
    }
    case AlertEventType.DistributionChanged: {
      const p = e.payload;
      const base = state ?? (p.snapshot as AlertState | undefined) ?? null;
      if (!base) return null;
      const grants = base.personalDataGrants?.filter((g) => distributionReaches(p.distribution, g.agency));
      return touched({ ...base, distribution: p.distribution, ...(grants ? { personalDataGrants: grants } : {}) });
    }
    default:
      break; // every other event changes an alert that exists
  }
  if (!state) return null;
  switch (e.type) {
    case AlertEventType.Amended: {
      const content: Record<string, unknown> = { ...state.content };
      for (const [k, v] of Object.entries(e.payload.changes)) {
        // A signed event is still input: its keys must not address content's prototype.
        if (UNSAFE_KEYS.has(k)) continue;
        if (v === null) delete content[k];
        else content[k] = v;
      }
      return touched({ ...state, content: content as unknown as AlertContent });
    }
    case AlertEventType.Closed:
      return touched({ ...state, status: 'closed', statusReason: e.payload.reason });
    case AlertEventType.Retracted:
      return touched({ ...state, status: 'retracted', statusReason: e.payload.reason });
    case AlertEventType.Renewed:
      return touched({ ...state, expiresAt: e.payload.expiresAt });
    case AlertEventType.PersonalDataGranted: {
      const granted = e.payload.recipients.map((agency) => ({ agency, legalBasis: e.payload.legalBasis, grantedAt: e.recordedAt }));
      const kept = (state.personalDataGrants ?? []).filter((g) => !e.payload.recipients.includes(g.agency));
      return touched({ ...state, personalDataGrants: [...kept, ...granted].sort((a, b) => (a.agency < b.agency ? -1 : 1)) });
    }
    case AlertEventType.PersonalDataGrantRevoked:
      return touched({ ...state, personalDataGrants: (state.personalDataGrants ?? []).filter((g) => g.agency !== e.payload.agency) });
    case AlertEventType.DiscoverabilityChanged:
      return touched({ ...state, discoverable: e.payload.discoverable });
    case PersonalDataEventType.Erased:
      return touched(state);
    default:
      // A type this fold does not know (a newer node's) still advances the version.
      return touched(state);
  }
}

/**
 * `evolve` for events as they come from a store or the bus, typed only by their `type` string.
 * Their payloads are not checked here: the hub checks the folded state (`alertStateShapeProblem`).
 */
export function applyAlertEvent(state: AlertState | null, event: AlertEventLike): AlertState | null {
  return evolve(state, event as RecordedAlertEvent);
}

export function foldAlertState(events: Iterable<AlertEventLike>): AlertState | null {
  let s: AlertState | null = null;
  for (const e of events) s = applyAlertEvent(s, e);
  return s;
}

/** `expired` is derived from time, never stored: an open alert past its expiry. */
export function effectiveStatus(s: Pick<AlertState, 'status' | 'expiresAt'>, now = new Date()): AlertStatus | 'expired' {
  return s.status === 'open' && Date.parse(s.expiresAt) <= now.getTime() ? 'expired' : s.status;
}

export const alertStreamId = (alertId: string): string => `alert-${alertId}`;
export const feedbackStreamId = (alertAgency: string, alertId: string): string => `feedback-${alertAgency}-${alertId}`;

/** How an alert reads everywhere: content at the top level, as posted, plus its lifecycle. */
export function alertView(s: AlertState, now = new Date()) {
  return {
    ...s.content,
    id: s.id,
    agency: s.agency,
    version: s.version,
    status: effectiveStatus(s, now),
    ...(s.statusReason ? { statusReason: s.statusReason } : {}),
    distribution: s.distribution,
    raisedAt: s.raisedAt,
    updatedAt: s.updatedAt,
    feedbackDueAt: s.feedbackDueAt,
    expiresAt: s.expiresAt,
  };
}
