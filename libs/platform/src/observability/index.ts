export * from './request-context.js';
export * from './json-logger.js';
export * from './service-metrics.js';
