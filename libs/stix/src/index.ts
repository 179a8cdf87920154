// STIX 2.1 views of alerts, shared by the hub's API and `cix export --format stix`.
export * from './alert-to-stix.js';
