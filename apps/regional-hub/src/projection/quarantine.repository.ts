import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PoisonSink } from '@cix/messaging';

// PostgreSQL refuses NUL in text, so a quarantined message is stored without it.
// eslint-disable-next-line no-control-regex -- matching NUL is the point
const NUL = /\u0000/g;

/** Where refused messages go, with the reason, for auditors to see. */
@Injectable()
export class QuarantineRepository implements PoisonSink {
  private readonly log = new Logger('Quarantine');

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async quarantine(e: { agency: string; subject: string; streamSequence: number; reason: string; raw: string }): Promise<void> {
    this.log.warn(`quarantined ${e.agency} seq ${e.streamSequence}: ${e.reason}`);
    await this.db.query('INSERT INTO hub_quarantine (agency, subject, stream_sequence, reason, raw) VALUES ($1, $2, $3, $4, $5)', [
      e.agency,
      e.subject,
      e.streamSequence,
      e.reason,
      e.raw.replace(NUL, ''),
    ]);
  }
}
