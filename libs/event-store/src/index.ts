export * from './event-store.js';
export * from './event-store.errors.js';
export * from './event-store.types.js';
export * from './integrity/canonical-json.js';
export * from './integrity/event-integrity.js';
export * from './migrations/index.js';
export * from './relay/outbox-relay.js';
