/**
 * Requests for information (issue 13): after a hit ("agency X holds related information"), the
 * requesting agency asks, the owner answers. Each is a fact of the agency that states it, on its
 * own stream; neither modifies an alert. An accept is followed by the owner's ordinary
 * `AlertDistributionChanged`, which is what actually shares the alert.
 */
export const InformationRequestEventType = {
  Requested: 'InformationRequested',
  Answered: 'InformationRequestAnswered',
} as const;

const TYPES: ReadonlySet<string> = new Set(Object.values(InformationRequestEventType));
export const isInformationRequestEventType = (type: string | null | undefined): boolean => typeof type === 'string' && TYPES.has(type);

export const INFORMATION_REQUEST_DECISIONS = ['accept', 'decline'] as const;
export type InformationRequestDecision = (typeof INFORMATION_REQUEST_DECISIONS)[number];

/** On the requester's stream `information-request-<hitId>`: one request per hit. */
export interface InformationRequestedV1 {
  readonly requestId: string;
  readonly hitId: string;
  /** The requesting agency (the stream's). */
  readonly agency: string;
  readonly unit?: string;
  readonly message: string;
}

/** On the owner's stream `information-answer-<requestId>`: one answer per request. */
export interface InformationRequestAnsweredV1 {
  readonly requestId: string;
  /** The owner's alert the request's hit names. */
  readonly alertId: string;
  readonly requesterAgency: string;
  readonly decision: InformationRequestDecision;
  readonly reason?: string;
}

export const informationRequestStreamId = (hitId: string): string => `information-request-${hitId}`;
export const informationAnswerStreamId = (requestId: string): string => `information-answer-${requestId}`;
