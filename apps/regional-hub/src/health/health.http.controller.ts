import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { optionalPrincipal, PROGRAMME_AGENCY, Public, TOKEN_VERIFIER, TokenVerifier, type Principal } from '@cix/auth';
import { NatsConnectionManager } from '@cix/messaging';
import { NATS } from '../hub.tokens.js';
import { HubConsumers } from '../projection/hub-consumers.js';

/**
 * Readiness for anyone (up/down, 503 when down); what an operator needs at a glance (per-agency
 * checkpoint, lag, stalls, quarantine size, which agencies this replica consumes) only for the programme's coordinator and auditors:
 * the positions move with every event of an agency, its agency-only alerts included.
 */
@ApiTags('health')
@Controller('health')
export class HubHealthHttpController {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: NatsConnectionManager,
    @Inject(HubConsumers) private readonly consumers: HubConsumers,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
  ) {}

  @Public()
  @Get()
  async health(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) res: Response) {
    const checkpoints = await this.db
      .query<Array<{ agency: string; position: string; updated_at: Date }>>('SELECT agency, position, updated_at FROM hub_checkpoints ORDER BY agency')
      .catch(() => null);
    const [q] = checkpoints ? await this.db.query<Array<{ n: number }>>('SELECT count(*)::int AS n FROM hub_quarantine') : [null];
    const byAgency = checkpoints
      ? await this.db.query<Array<{ agency: string; n: number }>>('SELECT agency, count(*)::int AS n FROM hub_quarantine GROUP BY agency ORDER BY agency')
      : null;
    const database = checkpoints ? 'up' : 'down';
    const nats = this.nats.connected ? 'up' : 'down';
    const ready = database === 'up' && nats === 'up';
    res.status(ready ? 200 : 503);
    if (!seesDetails(await optionalPrincipal(this.verifier, authorization))) return { status: ready ? 'ok' : 'unavailable', database, nats };
    // Which agencies this replica consumes (several replicas share them).
    const replica = { id: this.consumers.leases.replicaId, consumes: this.consumers.leases.consuming };
    return {
      status: ready ? 'ok' : 'unavailable',
      database,
      nats,
      replica,
      consumers: {
        pending: Object.fromEntries(this.consumers.server.lagByAgency),
        stalled: Object.fromEntries(this.consumers.server.stalled),
        waiting: Object.fromEntries(this.consumers.server.waiting),
      },
      checkpoints,
      quarantined: q?.n ?? null,
      quarantinedByAgency: byAgency && Object.fromEntries(byAgency.map((r) => [r.agency, r.n])),
    };
  }
}

const seesDetails = (p: Principal | null): boolean => !!p && p.agency === PROGRAMME_AGENCY && (p.role === 'coordinator' || p.role === 'auditor');
