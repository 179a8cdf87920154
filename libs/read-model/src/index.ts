// The hub's read model as a library (issue 14): its migrations, its writers, the one batch projector
// used by the live consumer and the rebuild, and the query side's visibility builder. The hub and
// the CLI depend on it; it depends on no app.
export * from './query/index.js';
export * from './migrations/index.js';
export * from './write/owner-binding.js';
export * from './write/personal-data-erasure.js';
export * from './write/quarantine.js';
export * from './write/read-model.writer.js';
export * from './write/company-words.js';
export * from './write/trend-cells.js';
export * from './projector/batch-projector.js';
export * from './projector/feed-notice.js';
export * from './projector/correlate.js';
export * from './write/correlation-index.js';
export type { Contested } from './projector/batch-fold.js';
export * from './projector/wire-event.guard.js';
export * from './rebuild/projection-rebuild.js';
export * from './rebuild/rebuild-schema.js';
export * from './screening/screen-parties.js';
