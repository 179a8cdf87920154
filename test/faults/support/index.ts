// The fault harness (K6, issue 15): see the comment at the top of each file.
export * from './fault-platform.js';
export * from './invariants.js';
export * from './load.js';
export * from './processes.js';
export * from './windows.js';
