export const HUB_CONFIG = Symbol('HUB_CONFIG');
export const NATS = Symbol('NATS');
export const TRUST_STORE = Symbol('TRUST_STORE');
