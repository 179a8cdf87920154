// The hub's durable pull consumer on an agency stream: one definition, used by the operator's
// provisioning (tools/infra/streams.mjs imports the built file) and by the hub when it recreates a
// consumer deleted under it, so the two cannot drift. It imports nothing outside this folder: provisioning loads the built file
// without the service's dependencies.
import { hubDurableName } from './subjects.js';

/** How long the messages a crashed hub had received but not acknowledged stay with it before they are delivered again. */
export const HUB_CONSUMER_ACK_WAIT_MS = 10_000;
/** Deliveries of one message to the hub before it is quarantined, unless provisioning says otherwise (HUB_MAX_DELIVER). */
export const HUB_CONSUMER_MAX_DELIVER = 20;

/** JetStream's consumer config fields the hub's consumer sets (durations in nanoseconds, as the API takes them). */
export interface HubConsumerConfig {
  readonly durable_name: string;
  readonly ack_policy: 'explicit';
  readonly deliver_policy: 'all';
  readonly ack_wait: number;
  readonly max_deliver: number;
  readonly max_ack_pending: number;
}

/**
 * Explicit acks from the stream's start: a recreated consumer delivers the whole history again and
 * the hub acknowledges what its checkpoint already holds without applying it twice. ack_wait is
 * short (nats-server cannot be told earlier) so that a crashed hub's messages come back soon; the
 * hub marks what it holds as in progress every 3 s.
 */
export function hubConsumerConfig(agency: string, { maxDeliver = HUB_CONSUMER_MAX_DELIVER }: { maxDeliver?: number } = {}): HubConsumerConfig {
  return {
    durable_name: hubDurableName(agency),
    ack_policy: 'explicit',
    deliver_policy: 'all',
    ack_wait: HUB_CONSUMER_ACK_WAIT_MS * 1_000_000,
    max_deliver: maxDeliver,
    max_ack_pending: 1000,
  };
}
