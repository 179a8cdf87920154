// The hub's read model as a library (issue 14): its migrations, its writers, the one batch projector
// used by the live consumer and the rebuild, and the query side's visibility builder. The hub and
// the CLI depend on it; it depends on no app.
export * from './query/index.js';
