export * from './alert-visibility.js';
