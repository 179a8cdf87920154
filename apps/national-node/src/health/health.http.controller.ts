import { Controller, Get, Headers, Inject, Res } from '@nestjs/common';
import { ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { DataSource } from 'typeorm';
import { optionalPrincipal, Public, TOKEN_VERIFIER, TokenVerifier } from '@cix/auth';
import { OutboxRelay } from '@cix/event-store';
import { NatsConnectionManager } from '@cix/messaging';
import { NodeLifecycle } from '../node.lifecycle.js';
import { NATS } from '../node.tokens.js';

/**
 * Readiness: 200 only when the database and NATS are reachable, 503 otherwise. The relay's state
 * (positions, lag) moves with every event, agency-only ones included: only the node's auditors see it.
 */
@ApiTags('health')
@Controller('health')
export class HealthHttpController {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(NATS) private readonly nats: NatsConnectionManager,
    @Inject(OutboxRelay) private readonly relay: OutboxRelay,
    @Inject(TOKEN_VERIFIER) private readonly verifier: TokenVerifier,
    @Inject(NodeLifecycle) private readonly lifecycle: NodeLifecycle,
  ) {}

  @Public()
  @Get()
  async health(@Headers('authorization') authorization: string | undefined, @Res({ passthrough: true }) res: Response) {
    const database = await this.db.query('SELECT 1').then(
      () => 'up',
      () => 'down',
    );
    const nats = this.nats.connected ? 'up' : 'down';
    const relay = database === 'up' ? await this.relay.getStatus().catch(() => null) : null;
    const ready = database === 'up' && nats === 'up';
    res.status(ready ? 200 : 503);
    if ((await optionalPrincipal(this.verifier, authorization))?.role !== 'auditor') return { status: ready ? 'ok' : 'unavailable', database, nats };
    return { status: ready ? 'ok' : 'unavailable', database, nats, natsError: this.nats.lastError, stream: this.lifecycle.stream, relay };
  }
}
