export { ScreeningHits, type ScreeningHit } from './ScreeningHits';
