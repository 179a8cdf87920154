import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { FeedbackEventType, isSealed, type WireEvent } from '@cix/contracts';
import { checkEvent, checkLink, TrustStore } from '@cix/event-store';
import { RetryLater, Unprocessable } from '@cix/messaging';
import { TRUST_STORE } from '../hub.tokens.js';
import { projectEvent, type ProjectedChange } from './alert-projector.js';
import { writeEventLog } from './read-model.writer.js';
import { QuarantineRepository } from './quarantine.repository.js';
import { markRefusals, quarantineRefusals } from './owner-binding.js';

export type ApplyOutcome = 'applied' | 'duplicate';

/** What changed: an alert, or the feedback one agency gave on it (which only some may learn of). */
export interface AlertChange extends ProjectedChange {
  readonly feedbackFrom?: string;
}

/**
 * Verifies and applies one agency event. The checkpoint row is locked and moved in the same
 * transaction as the projection, so a redelivery after a crash between commit and ack finds the
 * event already applied and changes nothing (exactly-once in effect).
 */
@Injectable()
export class ProjectionService {
  private readonly listeners = new Set<(change: AlertChange) => void>();
  private readonly log = new Logger('Projection');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(TRUST_STORE) private readonly trust: TrustStore,
    @Inject(QuarantineRepository) private readonly quarantine: QuarantineRepository,
  ) {}

  /** Told about every alert that changed, after commit (the live feed listens). */
  onAlertChanged(l: (change: AlertChange) => void): () => void {
    this.listeners.add(l);
    return () => this.listeners.delete(l);
  }

  async apply(e: WireEvent, streamAgency: string): Promise<ApplyOutcome> {
    if (e.agency !== streamAgency) throw new Unprocessable(`event of ${e.agency} on ${streamAgency}'s stream`);
    const failure = checkEvent(e, this.trust);
    if (failure) throw new Unprocessable(`event ${e.eventId} at position ${e.position} refused: ${failure}`);
    const qr = this.db.createQueryRunner();
    await qr.connect();
    let changedAlert: AlertChange | null = null;
    try {
      await qr.startTransaction();
      await qr.query(`INSERT INTO hub_checkpoints (agency, position, hash) VALUES ($1, 0, $2) ON CONFLICT DO NOTHING`, [e.agency, '0'.repeat(64)]);
      const [cp] = (await qr.query('SELECT position, hash FROM hub_checkpoints WHERE agency = $1 FOR UPDATE', [e.agency])) as Array<{
        position: string;
        hash: string;
      }>;
      const previous = { position: Number(cp.position), hash: cp.hash };
      if (e.position <= previous.position) {
        await qr.rollbackTransaction();
        return 'duplicate';
      }
      const link = checkLink(e, previous);
      if (link === 'position-gap') throw new RetryLater(`waiting for position ${previous.position + 1} of ${e.agency}`);
      if (link) throw new Unprocessable(`event ${e.eventId} at position ${e.position} refused: ${link}`);
      await writeEventLog(qr, 'public', [e]);
      if (!isSealed(e)) {
        const projected = await projectEvent(qr, e);
        if (projected === undefined) {
          const reason = `event type ${e.type} unknown to this hub; chain continues`;
          await this.quarantineInTx(qr, e, reason);
          await markRefusals(qr, 'public', [{ agency: e.agency, position: e.position, reason, raw: e }]);
        } else {
          // Genuine in its agency's log, so the chain advances; it just changes nobody else's alert.
          const refused = await markRefusals(qr, 'public', projected.refused);
          await quarantineRefusals(qr, refused);
          for (const r of refused) this.log.warn(`quarantined ${r.agency} position ${r.position}: ${r.reason}`);
          if (projected.change) changedAlert = { ...projected.change, feedbackFrom: e.type === FeedbackEventType.Given ? e.agency : undefined };
        }
      }
      await qr.query('UPDATE hub_checkpoints SET position = $2, hash = $3, updated_at = now() WHERE agency = $1', [e.agency, e.position, e.hash]);
      await qr.commitTransaction();
    } catch (err) {
      if (qr.isTransactionActive) await qr.rollbackTransaction().catch(() => undefined);
      throw err;
    } finally {
      await qr.release();
    }
    if (changedAlert) for (const l of this.listeners) l(changedAlert);
    return 'applied';
  }

  private async quarantineInTx(qr: { query: DataSource['query'] }, e: WireEvent, reason: string): Promise<void> {
    await qr.query('INSERT INTO hub_quarantine (agency, subject, stream_sequence, reason, raw) VALUES ($1, $2, $3, $4, $5)', [
      e.agency,
      'projection',
      e.position,
      reason,
      JSON.stringify(e),
    ]);
  }
}
