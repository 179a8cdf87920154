import './receive.css';

export { AlertDetailPage } from './AlertDetailPage';
export { AwaitingPage } from './AwaitingPage';
export { InboxPage } from './InboxPage';
export { SearchPage } from './SearchPage';
