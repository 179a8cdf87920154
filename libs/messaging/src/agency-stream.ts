import { jetstreamManager, RetentionPolicy, StorageType, DiscardPolicy, type StreamConfig } from '@nats-io/jetstream';
import { nanos, type NatsConnection } from '@nats-io/transport-node';
import { agencySubjects, streamName } from '@cix/contracts';

export interface AgencyStreamOptions {
  readonly replicas: number;
  readonly maxAgeDays: number;
}

/** Dedupe window for Nats-Msg-Id: longer than any relay retry, so a republished event is dropped. */
export const DUPLICATE_WINDOW_MS = 10 * 60_000;

/**
 * Creates or updates an agency's event stream. Limits retention keeps the whole history by
 * default (a rebuild replays it); file storage survives restarts; replicas come from config so a
 * cluster deployment gets R3 without a code change.
 */
export async function ensureAgencyStream(nc: NatsConnection, agency: string, opts: AgencyStreamOptions): Promise<void> {
  const jsm = await jetstreamManager(nc);
  const config: Partial<StreamConfig> & { name: string } = {
    name: streamName(agency),
    subjects: [agencySubjects(agency)],
    retention: RetentionPolicy.Limits,
    storage: StorageType.File,
    discard: DiscardPolicy.Old,
    num_replicas: opts.replicas,
    max_age: opts.maxAgeDays > 0 ? nanos(opts.maxAgeDays * 86_400_000) : 0,
    duplicate_window: nanos(DUPLICATE_WINDOW_MS),
    max_msg_size: 1024 * 1024,
  };
  try {
    await jsm.streams.info(config.name);
    await jsm.streams.update(config.name, config);
  } catch (e) {
    if (!/not found/i.test((e as Error).message)) throw e;
    await jsm.streams.add(config);
  }
}
