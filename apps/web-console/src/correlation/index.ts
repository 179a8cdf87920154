export { AlertMatches } from './AlertMatches';
export { MatchesPage } from './MatchesPage';
export { CorrelationNotices, type CorrelationNotice } from './CorrelationNotices';
export { CommonValuesPage } from './CommonValuesPage';
