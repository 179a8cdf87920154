export * from './validation.pipe.js';
export * from './http-exception.filter.js';
export * from './http-app.js';
export * from './database.js';
export * from './reference-data.service.js';
export * from './reference.http.controller.js';
export * from './token-policy.js';
export * from './csv-export.js';
