export * from './nats-connection.js';
export * from './agency-stream.js';
export * from './jetstream.server.js';
