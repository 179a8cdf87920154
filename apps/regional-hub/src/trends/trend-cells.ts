// The trend cells are written by the read model's projector (@cix/read-model); the query side reads
// the same dimensions.
export { TREND_DIMENSIONS, type TrendDimension } from '@cix/read-model';
