import type { AlertContent, Distribution } from './alert.types.js';

/** Event types of the alert stream. The type names are part of the wire contract (NATS subjects). */
export const AlertEventType = {
  Raised: 'AlertRaised',
} as const;

export interface AlertRaisedV1 {
  readonly alertId: string;
  readonly agency: string;
  readonly content: AlertContent;
  readonly distribution: Distribution;
}

export type AlertEventPayload = AlertRaisedV1;
