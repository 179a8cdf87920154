import { beforeAll, describe, expect, it } from '@jest/globals';

// The officer's offline outbox (apps/web-console/src/post/outbox.ts) keeps reports in localStorage
// until the node has them. A delivered report must not stay there with its persons: localStorage
// outlives the session, and a workstation at a border post is shared.
class MemoryStorage {
  private readonly m = new Map<string, string>();
  getItem = (k: string) => this.m.get(k) ?? null;
  setItem = (k: string, v: string) => void this.m.set(k, String(v));
  removeItem = (k: string) => void this.m.delete(k);
  dump = () => [...this.m.values()].join('\n');
}

const local = new MemoryStorage();
const b64 = (o: unknown) => Buffer.from(JSON.stringify(o)).toString('base64url');
const token = `${b64({ alg: 'none' })}.${b64({ sub: 'aigerim', agency: 'KZ', role: 'officer', unit: 'KZ-AKTAU' })}.x`;

describe('console outbox: what stays in the browser once the node has the report', () => {
  let outbox: {
    enqueue(owner: string, item: { key: string; nodeUrl: string; summary: string; body: Record<string, unknown> }): void;
    flushOutbox(): Promise<void>;
    outboxItems(owner: string): Array<Record<string, unknown>>;
  };
  beforeAll(async () => {
    const session = new MemoryStorage();
    session.setItem('cix.token', token);
    Object.assign(globalThis, { localStorage: local, sessionStorage: session });
    Object.defineProperty(globalThis, 'navigator', { value: { onLine: true }, configurable: true });
    globalThis.fetch = async () => new Response(JSON.stringify({ id: '0b6f3c2e-1111-4222-8333-444455556666', agency: 'KZ' }), { status: 201 });
    // A path the root type check does not follow: the console is type-checked with its own DOM config.
    const module = '../apps/web-console/src/post/outbox.js';
    outbox = (await import(module)) as typeof outbox;
  });

  it('a delivered report keeps its summary and alert id, not the persons it carried', async () => {
    const owner = 'KZ.aigerim';
    outbox.enqueue(owner, {
      key: 'k-1',
      nodeUrl: 'http://127.0.0.1:3002',
      summary: 'Seizure · heroin in a false floor',
      body: { kind: 'seizure', parties: [{ role: 'driver', name: 'Serik Abenov', isPerson: true, documentNumber: 'N1234567' }] },
    });
    expect(local.dump()).toContain('Abenov');
    await outbox.flushOutbox();
    const [item] = outbox.outboxItems(owner);
    expect(item).toMatchObject({ state: 'delivered', alertId: '0b6f3c2e-1111-4222-8333-444455556666', summary: 'Seizure · heroin in a false floor' });
    expect(local.dump()).not.toContain('Abenov');
    expect(local.dump()).not.toContain('N1234567');
  });
});
