import './discover.css';

export { HitsPage } from './HitsPage';
export { AlertHits } from './AlertHits';
export { DiscoveryNotices, DISCOVERY_EVENTS, type DiscoveryNotice } from './DiscoveryNotices';
