import type {
  AlertAmendedV1,
  AlertClosedV1,
  AlertDiscoverabilityChangedV1,
  AlertDistributionChangedV1,
  AlertEventType,
  AlertRaisedV1,
  AlertRenewedV1,
  AlertRetractedV1,
  FeedbackAmendedV1,
  FeedbackEventType,
  FeedbackGivenV1,
  PersonalDataGrantedV1,
  PersonalDataGrantRevokedV1,
} from './alert.events.js';
import type { PersonalDataErasedV1, PersonalDataEventType } from './personal-data-erased.js';
import type { PersonalDataRecords } from './personal-data.js';

/** One event of an alert's stream as a decision produces it: its type names its payload. */
interface Event<T extends string, P> {
  readonly type: T;
  readonly payload: P;
}

export type AlertRaised = Event<typeof AlertEventType.Raised, AlertRaisedV1>;
export type AlertAmended = Event<typeof AlertEventType.Amended, AlertAmendedV1>;
export type AlertDistributionChanged = Event<typeof AlertEventType.DistributionChanged, AlertDistributionChangedV1>;
export type AlertClosed = Event<typeof AlertEventType.Closed, AlertClosedV1>;
export type AlertRetracted = Event<typeof AlertEventType.Retracted, AlertRetractedV1>;
export type AlertRenewed = Event<typeof AlertEventType.Renewed, AlertRenewedV1>;
export type PersonalDataGranted = Event<typeof AlertEventType.PersonalDataGranted, PersonalDataGrantedV1>;
export type PersonalDataGrantRevoked = Event<typeof AlertEventType.PersonalDataGrantRevoked, PersonalDataGrantRevokedV1>;
export type AlertDiscoverabilityChanged = Event<typeof AlertEventType.DiscoverabilityChanged, AlertDiscoverabilityChangedV1>;
/** Appended to the alert's stream by a lawful erasure, so every copy downstream forgets the same persons. */
export type PersonalDataErased = Event<typeof PersonalDataEventType.Erased, PersonalDataErasedV1>;

/** Everything the owning node appends to an alert's stream (`alert-<id>`). */
export type AlertEvent =
  | AlertRaised
  | AlertAmended
  | AlertDistributionChanged
  | AlertClosed
  | AlertRetracted
  | AlertRenewed
  | PersonalDataGranted
  | PersonalDataGrantRevoked
  | AlertDiscoverabilityChanged
  | PersonalDataErased;

/** Feedback lives on the giver's own stream (`feedback-<owner>-<alertId>`), never on the alert's. */
export type FeedbackGiven = Event<typeof FeedbackEventType.Given, FeedbackGivenV1>;
export type FeedbackAmended = Event<typeof FeedbackEventType.Amended, FeedbackAmendedV1>;
export type FeedbackEvent = FeedbackGiven | FeedbackAmended;

/** What the store adds to an event when it records it, as far as the fold reads it. */
export interface RecordedFacts {
  readonly streamVersion: number;
  readonly recordedAt: string;
  readonly metadata: { readonly actor: string; readonly unit?: string };
  readonly personalData?: PersonalDataRecords;
}

export type RecordedAlertEvent<E extends AlertEvent = AlertEvent> = E & RecordedFacts;
