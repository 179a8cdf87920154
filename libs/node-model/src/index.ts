// The national node's read model (its fold of the alert streams) and the lawful erasure that must
// keep it in step; shared by the node and `cix personal-data erase`.
export * from './node-alerts.projection.js';
export * from './erase-personal-data.js';
