import { describe, expect, it } from '@jest/globals';
import { natsServers } from './nats-connection.js';

describe('natsServers', () => {
  it('gives every server of a cluster NATS_URL, so the client can start through any member', () => {
    expect(natsServers('nats://a:4222, nats://b:4222,nats://c:4222')).toEqual(['nats://a:4222', 'nats://b:4222', 'nats://c:4222']);
  });

  it('keeps a single URL as it is', () => {
    expect(natsServers('tls://nats.example:4222')).toEqual(['tls://nats.example:4222']);
  });
});
