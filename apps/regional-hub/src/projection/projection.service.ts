import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { TrustStore } from '@cix/event-store';
import { projectBatch, type AlertChange, type MessageOutcome } from '@cix/read-model';
import { TRUST_STORE } from '../hub.tokens.js';

export type { AlertChange } from '@cix/read-model';

/**
 * The live side of the one batch projector: applies what the consumer delivered for one agency
 * in one transaction (checkpoint included), then tells listeners (the live feed) of each changed
 * alert, after commit.
 */
@Injectable()
export class ProjectionService {
  private readonly listeners = new Set<(change: AlertChange) => void>();
  private readonly log = new Logger('Projection');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TRUST_STORE) private readonly trust: TrustStore,
  ) {}

  /** Told about every alert that changed, after commit (the live feed listens). */
  onAlertChanged(l: (change: AlertChange) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  /** One outcome per message, in order; throws only on infrastructure trouble (nothing is then applied). */
  async applyBatch(agency: string, messages: readonly unknown[]): Promise<MessageOutcome[]> {
    const result = await this.db.transaction((tx) => projectBatch(tx.queryRunner!, agency, messages, { schema: 'public', trust: this.trust, mode: 'live' }));
    for (const r of result.refusals) this.log.warn(`quarantined ${r.agency} position ${r.position}: ${r.reason}`);
    for (const change of result.changes) for (const l of this.listeners) l(change);
    return result.outcomes;
  }
}
