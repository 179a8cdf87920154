export { PROGRAMME_AGENCY, ROLES, type Principal, type Role } from '@cix/contracts';
export * from './token-verifier.js';
export * from './auth.guard.js';
export * from './dev-tokens.js';
export * from './roles.guard.js';
export * from './optional-principal.js';
