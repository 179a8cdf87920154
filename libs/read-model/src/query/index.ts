export * from './sql.js';
export * from './visibility.sql.js';
export * from './route-key.sql.js';
