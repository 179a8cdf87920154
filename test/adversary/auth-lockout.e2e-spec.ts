import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { call } from '../support/http.js';
import { startSoloNode, token } from '../support/platform.js';

// ADVERSARY (item 14): the failed-authentication limiter keys on the client address only and
// blocks *every* request from that address once over the limit, valid tokens included. Officers of
// an agency reach a node through one egress NAT / reverse proxy (one address): whoever sends
// RATE_LIMIT_AUTH_FAILURES garbage tokens locks the whole agency out of its node for a window.
describe('adversary: failed-authentication lockout', () => {
  let solo: Awaited<ReturnType<typeof startSoloNode>>;
  beforeAll(async () => { solo = await startSoloNode('KZ', 'KZ-AKTAU'); }, 60_000);
  afterAll(() => solo?.close());

  it('an unauthenticated attacker sharing the officers\' address cannot lock a valid officer out', async () => {
    const officer = await token('KZ', 'officer', 'KZ-AKTAU', 'kz-officer-legit');
    expect((await call('GET', `${solo.node.url}/api/alerts?limit=1`, { token: officer })).status).toBe(200);
    let last = 0;
    for (let i = 0; i < 310; i++) last = (await call('GET', `${solo.node.url}/api/alerts?limit=1`, { token: 'garbage' })).status;
    expect(last).toBe(429);
    const r = await call('GET', `${solo.node.url}/api/alerts?limit=1`, { token: officer });
    // What should hold: a request with a valid token is not refused because others failed to authenticate.
    expect(r.status).toBe(200);
  }, 60_000);
});
