import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { screenAlerts, screeningNotices, type Screenable } from '@cix/read-model';
import { ProjectionService } from '../../projection/projection.service.js';

const BATCH = 500;

/**
 * The background re-screen after a list changes: every alert the hub holds, in batches of `seq`
 * order (each its own short transaction, progress kept on the version, so a restart resumes), then
 * the hits of older versions that were not found again are marked no longer listed. One job at a
 * time; a job whose version is no longer current stops (the newer one covers every alert).
 */
@Injectable()
export class RescreenService implements OnApplicationBootstrap, OnApplicationShutdown {
  private queue: Promise<void> = Promise.resolve();
  private stopping = false;
  private readonly log = new Logger('Rescreen');

  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(ProjectionService) private readonly projection: ProjectionService,
  ) {}

  /** Resumes re-screens a stop interrupted. */
  async onApplicationBootstrap(): Promise<void> {
    const open = await this.db.query<Array<{ list: string; version: number }>>(
      `SELECT v.list, v.version FROM hub_watchlist_versions v JOIN hub_watchlists w ON w.name = v.list AND w.current_version = v.version
        WHERE v.screened_at IS NULL`,
    );
    for (const o of open) this.start(o.list, o.version);
  }

  onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    return this.queue;
  }

  start(list: string, version: number): void {
    this.queue = this.queue.then(() => this.run(list, version)).catch((e: Error) => this.log.error(`re-screen of ${list} v${version} failed: ${e.message}`));
  }

  /** Settles when every queued re-screen has ended (tests, benchmarks). */
  idle(): Promise<void> {
    return this.queue;
  }

  private async run(list: string, version: number): Promise<void> {
    for (;;) {
      if (this.stopping) return;
      const step = await this.db.transaction(async (tx) => {
        const qr = tx.queryRunner!;
        const [v] = (await qr.query(
          `SELECT v.screened_through, w.current_version = v.version AS current FROM hub_watchlist_versions v JOIN hub_watchlists w ON w.name = v.list
            WHERE v.list = $1 AND v.version = $2 FOR UPDATE OF v`,
          [list, version],
        )) as Array<{ screened_through: string; current: boolean } | undefined>;
        if (!v?.current) return { done: true, hits: [] };
        const alerts = (await qr.query(
          `SELECT id, agency, seq, coalesce(state->'content'->'parties', '[]'::jsonb) AS parties FROM hub_alerts WHERE seq > $1 ORDER BY seq LIMIT ${BATCH}`,
          [v.screened_through],
        )) as Array<Screenable & { seq: string }>;
        if (!alerts.length) {
          await qr.query(`UPDATE hub_screening_hits SET delisted_at = now() WHERE list = $1 AND version < $2 AND delisted_at IS NULL`, [list, version]);
          await qr.query(`UPDATE hub_watchlist_versions SET screened_at = now() WHERE list = $1 AND version = $2`, [list, version]);
          return { done: true, hits: [] };
        }
        const hits = await screenAlerts(qr, 'public', alerts, list);
        await qr.query(`UPDATE hub_watchlist_versions SET screened_through = $3 WHERE list = $1 AND version = $2`, [list, version, alerts.at(-1)!.seq]);
        return { done: false, hits };
      });
      await this.projection.announce(screeningNotices(step.hits));
      if (step.done) return;
    }
  }
}
