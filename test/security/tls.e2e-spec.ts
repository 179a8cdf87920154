import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { connect } from '@nats-io/transport-node';
import { natsInboxPrefix } from '@cix/contracts';
import { NatsConnectionManager, natsTls } from '@cix/messaging';
import { call, eventually, minimalSeizure } from '../support/http.js';
import { startHub, startNode, token } from '../support/platform.js';
import { makePki } from '../support/pki.js';
import { startTestNats, type TestNats } from '../support/test-env.js';

// Issue 10, item 10: the bus can run over TLS by configuration alone (NATS_TLS_CA_FILE, and a client
// certificate with NATS_TLS_CERT_FILE/NATS_TLS_KEY_FILE where the server verifies clients).

const refusal = async (opts: Parameters<typeof connect>[0]) => {
  try {
    const nc = await connect({ ...opts, maxReconnectAttempts: 0, reconnect: false, timeout: 3000 });
    await nc.close();
    return null;
  } catch (e) {
    return (e as Error).message;
  }
};

describe('NATS over TLS', () => {
  let pki: ReturnType<typeof makePki>;
  let nats: TestNats;

  beforeAll(async () => {
    pki = makePki();
    nats = await startTestNats(['KZ'], { tls: { certFile: pki.serverCert, keyFile: pki.serverKey, caFile: pki.ca } });
  }, 30_000);
  afterAll(() => nats?.stop());

  it('a node publishes and the hub receives over TLS, configured by NATS_TLS_CA_FILE', async () => {
    expect(nats.url).toMatch(/^tls:\/\//);
    const hub = await startHub(nats, ['KZ']);
    const node = await startNode('KZ', nats, undefined, hub.url);
    try {
      const officer = await token('KZ', 'officer', 'KZ-AKTAU');
      const raised = await call('POST', `${node.url}/api/alerts`, { token: officer, body: minimalSeizure() });
      expect(raised.status).toBe(201);
      await eventually(
        async () => (await call('GET', `${hub.url}/api/alerts/${raised.body.id}`, { token: officer })).status === 200,
        'the alert reaches the hub over TLS',
        30_000,
      );
      expect((await call('GET', `${node.url}/health`)).body.nats).toBe('up');
    } finally {
      await hub.app.close();
      await node.app.close();
    }
  }, 60_000);

  it('refuses a client that does not trust the CA, and one that does not speak TLS', async () => {
    const kz = nats.users.KZ;
    const creds = { user: kz.user, pass: kz.password, inboxPrefix: natsInboxPrefix(kz.user) };
    const port = new URL(nats.url.replace(/^tls:/, 'http:')).port;
    // Without the CA the server's certificate does not verify (no "trust anything" fallback).
    expect(await refusal({ servers: nats.url, ...creds, tls: {} })).toMatch(/certificate|self[- ]signed|verify/i);
    // A plain connection is refused: the server requires TLS.
    expect(await refusal({ servers: `nats://127.0.0.1:${port}`, ...creds, tls: null })).not.toBeNull();
    // With the CA it connects (the control for the two refusals above).
    expect(await refusal({ servers: nats.url, ...creds, tls: natsTls({ NATS_TLS_CA_FILE: pki.ca }) })).toBeNull();
  });
});

describe('NATS over mutual TLS', () => {
  let pki: ReturnType<typeof makePki>;
  let nats: TestNats;

  beforeAll(async () => {
    pki = makePki();
    nats = await startTestNats(['KZ'], { provision: false, tls: { certFile: pki.serverCert, keyFile: pki.serverKey, caFile: pki.ca, verify: true } });
  }, 30_000);
  afterAll(() => nats?.stop());

  it("the services' connection presents NATS_TLS_CERT_FILE/NATS_TLS_KEY_FILE; without a client certificate the server refuses", async () => {
    const kz = nats.users.KZ;
    const withCert = new NatsConnectionManager({
      url: nats.url,
      user: kz.user,
      password: kz.password,
      name: 'tls-test',
      tls: natsTls({ NATS_TLS_CA_FILE: pki.ca, NATS_TLS_CERT_FILE: pki.clientCert, NATS_TLS_KEY_FILE: pki.clientKey }),
    });
    withCert.start();
    try {
      await eventually(async () => withCert.connected, 'connected with a client certificate');
    } finally {
      await withCert.stop();
    }
    // The same configuration without the client certificate: the server refuses the handshake. Depending on
    // timing the client reads the server's "certificate required" alert or only the reset that follows it.
    const creds = { user: kz.user, pass: kz.password, inboxPrefix: natsInboxPrefix(kz.user) };
    expect(await refusal({ servers: nats.url, ...creds, tls: natsTls({ NATS_TLS_CA_FILE: pki.ca }) })).toMatch(/certificate|ECONNRESET/i);
    expect(() => natsTls({ NATS_TLS_CERT_FILE: pki.clientCert })).toThrow(/go together/);
  });
});
