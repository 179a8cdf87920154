// One JetStream stream per agency so that retention, permissions and ordering are per agency.
export const SUBJECT_ROOT = 'ccp.events';
export const eventSubject = (agency: string, eventType: string): string => `${SUBJECT_ROOT}.${agency}.${eventType}`;
export const sealedSubject = (agency: string): string => `${SUBJECT_ROOT}.${agency}.sealed`;
export const agencySubjects = (agency: string): string => `${SUBJECT_ROOT}.${agency}.>`;
export const streamName = (agency: string): string => `EVENTS_${agency}`;
export const hubDurableName = (agency: string): string => `hub-${agency.toLowerCase()}`;
/** Pattern the hub's handlers subscribe to; the transport maps each concrete subject onto it. */
export const HUB_EVENT_PATTERN = 'ccp.events.*.*';
/** Per-user reply inbox; tools/infra/nats.mjs grants each user only its own. */
export const natsInboxPrefix = (user: string): string => `_INBOX_${user.replace(/[^A-Za-z0-9]/g, '_')}`;

/**
 * NATS header carrying the request id of the HTTP request that caused an event (the event's
 * `metadata.correlationId`), so the hub logs it when it applies the event. Never on sealed stubs.
 */
export const REQUEST_ID_HEADER = 'Cix-Request-Id';
