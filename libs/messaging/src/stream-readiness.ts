import { jetstreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';

export type StreamState = 'unknown' | 'ready' | 'missing';

/**
 * Whether an agency's stream exists. Services never create streams (the operator provisions them
 * at deployment), so a node only looks: STREAM.INFO of its own stream is the one JetStream API
 * call its NATS user may make. `checkAPI: false` skips $JS.API.INFO, which it may not call.
 */
export async function streamState(nc: NatsConnection, stream: string): Promise<StreamState> {
  const jsm = await jetstreamManager(nc, { checkAPI: false });
  try {
    await jsm.streams.info(stream);
    return 'ready';
  } catch (e) {
    if (/not found/i.test((e as Error).message)) return 'missing';
    throw e;
  }
}
