import { Controller, Get, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { Public } from '@cix/auth';
import { NatsConnectionManager } from '@cix/messaging';
import { NATS } from '../hub.tokens.js';
import { HubConsumers } from '../projection/hub-consumers.js';

/** Readiness plus what an operator needs at a glance: per-agency checkpoint, stalls, quarantine size. */
@ApiTags('health')
@Controller('health')
export class HubHealthHttpController {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: NatsConnectionManager,
    @Inject(HubConsumers) private readonly consumers: HubConsumers,
  ) {}

  @Public()
  @Get()
  async health(@Res({ passthrough: true }) res: Response) {
    const checkpoints = await this.db.query('SELECT agency, position, updated_at FROM hub_checkpoints ORDER BY agency').catch(() => null);
    const [q] = checkpoints ? await this.db.query('SELECT count(*)::int AS n FROM hub_quarantine') : [null];
    const database = checkpoints ? 'up' : 'down';
    const nats = this.nats.connected ? 'up' : 'down';
    const ready = database === 'up' && nats === 'up';
    res.status(ready ? 200 : 503);
    return {
      status: ready ? 'ok' : 'unavailable', database, nats,
      consumers: { pending: Object.fromEntries(this.consumers.server.lagByAgency), stalled: Object.fromEntries(this.consumers.server.stalled), waiting: Object.fromEntries(this.consumers.server.waiting) },
      checkpoints, quarantined: q?.n ?? null,
    };
  }
}
