import { Controller, Get, Inject, Ip, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { NotFound } from '@cix/contracts';
import { Export } from '@cix/platform';
import { alertIdPipe } from '../alerts/queries/hub-alerts.http.controller.js';
import { AccessLogService } from './access-log.service.js';
import { AlertHistoryService } from './alert-history.service.js';
import { AuditReplayService, deliveredAlert } from './audit-replay.service.js';
import { AccessLogRequestDto, ReplayRequestDto } from './audit.request.dto.js';

const auditorOnly = (p: Principal) => {
  if (p.role !== 'auditor') throw new NotFound('resource');
};

@ApiTags('audit')
@ApiBearerAuth()
@Controller('audit')
export class AuditHttpController {
  constructor(
    @Inject(AuditReplayService) private readonly replay: AuditReplayService,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
    @Inject(AlertHistoryService) private readonly history: AlertHistoryService,
  ) {}

  /** NDJSON: a header line, then every event in scope, each verifiable offline (`cix verify`). */
  @Get('events')
  @ApiProduces('application/x-ndjson')
  @Export()
  async events(@CurrentPrincipal() p: Principal, @Query() filters: ReplayRequestDto, @Ip() ip: string, @Res() res: Response): Promise<void> {
    auditorOnly(p);
    await this.accessLog.record(p, 'audit.events.export', { details: { ...filters }, ip });
    res.status(200).type('application/x-ndjson');
    // Taken before reading: the export ends at each agency's checkpoint and then carries them, and
    // the header's count is of exactly those events.
    const checkpoints = await this.replay.checkpoints(p, filters);
    const upTo = new Map(checkpoints.map((c) => [c.agency, c.position]));
    const header = {
      kind: 'cix-replay',
      version: 1,
      exportedAt: new Date().toISOString(),
      agencies: this.replay.scope(p, filters),
      expected: await this.replay.expected(p, filters, upTo),
      filters: { ...filters },
      complete: !filters.alert && !filters.type && !filters.from && !filters.to,
    };
    res.write(JSON.stringify(header) + '\n');
    const delivered = new Map<string, { id: string; agency: string }>();
    let written = 0;
    try {
      for await (const e of this.replay.events(p, filters, 1000, upTo)) {
        const alert = deliveredAlert(e);
        if (alert) delivered.set(alert.id, alert);
        written++;
        if (!res.write(JSON.stringify(e) + '\n')) await new Promise((r) => res.once('drain', r));
      }
    } finally {
      this.accessLog.delivered(p, 'audit.events.delivery', delivered.values(), { ip });
    }
    for (const checkpoint of checkpoints) res.write(JSON.stringify({ checkpoint }) + '\n');
    // The header is unsigned; the hub signs what it claims, so a cut export cannot be relabelled as
    // filtered nor an agency dropped from its scope.
    const { kind: _k, version: _v, ...claims } = header;
    res.write(JSON.stringify(this.replay.signClaims({ ...claims, expected: written, checkpoints: Object.fromEntries(upTo) })) + '\n');
    res.end();
  }

  @Get('access-log')
  async accessLogRead(@CurrentPrincipal() p: Principal, @Query() f: AccessLogRequestDto, @Ip() ip: string) {
    auditorOnly(p);
    await this.accessLog.record(p, 'audit.access-log.read', { details: { ...f }, ip });
    return this.accessLog.query(p, { sub: f.principal, alertId: f.alert, from: f.from, to: f.to, limit: f.limit, cursor: f.cursor });
  }

  @Get('alerts/:id/timeline')
  async timeline(@CurrentPrincipal() p: Principal, @Param('id', alertIdPipe) id: string, @Ip() ip: string) {
    auditorOnly(p);
    const timeline = await this.history.timeline(p, id);
    await this.accessLog.record(p, 'audit.timeline.read', { alertId: id, ip });
    return timeline;
  }

  /** When an alert was visible to the auditor's agency and which reads its people made: no content. */
  @Get('alerts/:id/exposure')
  async exposure(@CurrentPrincipal() p: Principal, @Param('id', alertIdPipe) id: string, @Ip() ip: string) {
    auditorOnly(p);
    const exposure = await this.history.exposure(p, id);
    await this.accessLog.record(p, 'audit.exposure.read', { alertId: id, ip });
    return exposure;
  }
}
