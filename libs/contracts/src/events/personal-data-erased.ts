/**
 * A lawful erasure is itself a signed fact of the owning node, appended to the alert's stream and
 * published like every event, so every copy downstream (the hub's read model and event log, and
 * any rebuild from the bus) can forget the same persons. It names only the erased records'
 * references: it carries no personal data itself.
 */
export const PersonalDataEventType = { Erased: 'PersonalDataErased' } as const;

export interface PersonalDataErasedV1 {
  readonly alertId: string;
  readonly refs: readonly string[];
}
