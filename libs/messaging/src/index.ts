export * from './nats-connection.js';
export * from './stream-readiness.js';
export * from './jetstream.server.js';
