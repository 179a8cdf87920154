/**
 * Property names that address an object's prototype when assigned (`o[k] = v`). No field of the
 * API is called so; input that uses them as keys or path segments is refused, never assigned.
 */
export const UNSAFE_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);
