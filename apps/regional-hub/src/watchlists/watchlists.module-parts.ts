import { ImportWatchlistService } from './import/import-watchlist.service.js';
import { RescreenService } from './screening/rescreen.service.js';
import { ScreeningHitsRepository } from './screening/screening-hits.repository.js';

export { WatchlistsHttpController } from './watchlists.http.controller.js';
export { ScreeningHitsHttpController } from './screening/screening-hits.http.controller.js';

/** The watch-list slice's providers, registered by the hub module in one line. */
export const WATCHLIST_PROVIDERS = [ImportWatchlistService, RescreenService, ScreeningHitsRepository];
