// Matching for cross-border correlation (issue 13): canonical keys of an alert's identifiers and
// party names across scripts. Pure functions, no I/O; the hub's projection is to use them.
export * from './keys/identifier-keys.js';
export * from './keys/correlation-keys.js';
export { normaliseParty, partyTokens, phoneticWords, type PartyToken } from './party/party-name.js';
export { partySimilarity, sameParty, PARTY_MATCH_THRESHOLD, wordSimilarity, spellingDistance, consonantSkeleton } from './party/party-similarity.js';
export { blockingKeys } from './party/blocking-keys.js';
export * from './quality/party-quality.js';
