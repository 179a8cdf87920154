export const HUB_CONFIG = Symbol('HUB_CONFIG');
export const NATS = Symbol('NATS');
export const TRUST_STORE = Symbol('TRUST_STORE');
/** The 'agency' of the hub's own log (access records), as its events name it. */
export const HUB_LOG_AGENCY = 'HUB';
