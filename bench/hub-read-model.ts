// The hub's read model as the benchmarks use it, imported in this one place (issue 14 moves it to
// @cix/read-model: only this file then changes).
export { HUB_MIGRATIONS } from '../apps/regional-hub/src/migrations/index.js';
export { rebuildProjections } from '../apps/regional-hub/src/rebuild/projection-rebuild.js';
