import { Inject, Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { PoisonSink } from '@cix/messaging';
import { insertQuarantine, type QuarantineEntry } from '@cix/read-model';

/** Where refused messages go, with the reason, for auditors to see. */
@Injectable()
export class QuarantineRepository implements PoisonSink {
  private readonly log = new Logger('Quarantine');

  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async quarantine(e: QuarantineEntry): Promise<void> {
    this.log.warn(`quarantined ${e.agency} seq ${e.streamSequence}: ${e.reason}`);
    await insertQuarantine(this.db, e);
  }
}
