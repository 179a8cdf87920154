import type { AlertContent, Distribution } from './alert.types.js';

/** Event types of the alert stream. The type names are part of the wire contract (NATS subjects). */
export const AlertEventType = {
  Raised: 'AlertRaised',
  Amended: 'AlertAmended',
  DistributionChanged: 'AlertDistributionChanged',
  Closed: 'AlertClosed',
  Retracted: 'AlertRetracted',
  Renewed: 'AlertRenewed',
  /** The owner lets named agencies see the alert's persons (issue 11): an alert event, it bumps the version. */
  PersonalDataGranted: 'PersonalDataGranted',
  PersonalDataGrantRevoked: 'PersonalDataGrantRevoked',
  /** The owner lets other agencies' matches reveal that it holds the alert (hit/no-hit, issue 13): bumps the version. */
  DiscoverabilityChanged: 'AlertDiscoverabilityChanged',
} as const;

export const FeedbackEventType = { Given: 'FeedbackGiven', Amended: 'FeedbackAmended' } as const;
const FEEDBACK_TYPES: ReadonlySet<string> = new Set(Object.values(FeedbackEventType));
/** Both versions of feedback (the first answer and its amendments) travel on the giver's feedback stream. */
export const isFeedbackEventType = (type: string | null | undefined): boolean => typeof type === 'string' && FEEDBACK_TYPES.has(type);

export interface AlertRaisedV1 {
  readonly alertId: string;
  readonly agency: string;
  readonly content: AlertContent;
  readonly distribution: Distribution;
  /** When the receiving agencies' feedback is due (ETA or raise time plus the configured delay). */
  readonly feedbackDueAt: string;
  /** Stale intelligence is noise: the alert expires unless renewed. */
  readonly expiresAt: string;
  /**
   * Whether a cross-border match may tell another agency (which cannot see the alert) that this
   * agency holds something related (hit/no-hit). The node resolves the request's value or its
   * `DISCOVERABLE_BY_DEFAULT`; absent on events written before issue 13 (not discoverable).
   */
  readonly discoverable?: boolean;
}

export interface AlertAmendedV1 {
  readonly alertId: string;
  /** Only the fields that changed; `null` removes an optional field. */
  readonly changes: Partial<Record<keyof AlertContent, unknown>>;
}

export interface AlertDistributionChangedV1 {
  readonly alertId: string;
  readonly distribution: Distribution;
  readonly previous: Distribution;
  /**
   * The alert as it stands, when it widens from `agency`: its earlier events crossed the bus only
   * as sealed stubs, so the hub learns the content from this signed snapshot.
   */
  readonly snapshot?: unknown;
}

export interface AlertClosedV1 {
  readonly alertId: string;
  readonly reason?: string;
}
export interface AlertRetractedV1 {
  readonly alertId: string;
  readonly reason: string;
}
export interface AlertRenewedV1 {
  readonly alertId: string;
  readonly expiresAt: string;
}

/** The owner grants `recipients` (agencies that can see the alert) its persons, on a stated legal basis. */
export interface PersonalDataGrantedV1 {
  readonly alertId: string;
  readonly recipients: readonly string[];
  readonly legalBasis: string;
}
export interface PersonalDataGrantRevokedV1 {
  readonly alertId: string;
  readonly agency: string;
  readonly reason?: string;
}

export interface AlertDiscoverabilityChangedV1 {
  readonly alertId: string;
  readonly discoverable: boolean;
}

export const FEEDBACK_OUTCOMES = ['seizure', 'nothing-found', 'not-inspected'] as const;
export type FeedbackOutcome = (typeof FEEDBACK_OUTCOMES)[number];

/** A fact of the agency that gives it, about another agency's alert. */
export interface FeedbackGivenV1 {
  readonly feedbackId: string;
  readonly alert: { readonly agency: string; readonly alertId: string };
  readonly agency: string;
  readonly unit?: string;
  readonly outcome: FeedbackOutcome;
  /** For outcome `seizure`: the giver's own seizure report. */
  readonly seizureReportId?: string;
  /** For outcome `not-inspected`: why. */
  readonly reason?: string;
  readonly notes?: string;
  readonly inspectedAt?: string;
}

/**
 * A later version of the same feedback (same `feedbackId`): the full values as they now stand, not
 * a diff. `version` is the feedback stream's version (the first answer is version 1).
 */
export interface FeedbackAmendedV1 extends FeedbackGivenV1 {
  readonly version: number;
}
