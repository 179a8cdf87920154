export const NODE_CONFIG = Symbol('NODE_CONFIG');
export const NATS = Symbol('NATS');
