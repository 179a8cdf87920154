export { AlertMatches } from './AlertMatches';
export { MatchesPage } from './MatchesPage';
