import type { StoredEvent } from './event-store.types.js';

/** Turns the payload of `type` at `fromVersion` into `fromVersion + 1`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- each upcaster declares the old payload shape it is registered for
export type Upcaster = (payload: any, event: StoredEvent) => unknown;

/**
 * Schema evolution: stored events are never rewritten (they are hashed and signed); readers that
 * want the current shape get old versions upcast step by step on read. Integrity checks and the
 * relay read the stored form.
 */
export class Upcasters {
  private readonly steps = new Map<string, Upcaster>();

  register(type: string, fromVersion: number, upcast: Upcaster): this {
    this.steps.set(`${type}@${fromVersion}`, upcast);
    return this;
  }

  apply(e: StoredEvent): StoredEvent {
    let current = e;
    for (let step = this.steps.get(`${current.type}@${current.schemaVersion}`); step; step = this.steps.get(`${current.type}@${current.schemaVersion}`)) {
      current = { ...current, payload: step(current.payload, current), schemaVersion: current.schemaVersion + 1 };
    }
    return current;
  }
}
