import { Controller, Get, Inject, Ip, Param, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import { TIMELINE_SCHEMA } from './audit.response-schemas.js';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { NotFound } from '@cix/contracts';
import { Export } from '@cix/platform';
import { alertIdPipe } from '../alerts/queries/hub-alerts.http.controller.js';
import { AccessLogService } from './access-log.service.js';
import { AlertHistoryService } from './alert-history.service.js';
import { AuditReplayService } from './audit-replay.service.js';
import { sendExport } from './ndjson-export.js';
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
    await sendExport(res, (onEvent) => this.replay.exportLines(p, filters, { onEvent }), { accessLog: this.accessLog, principal: p, ip });
  }

  @Get('access-log')
  async accessLogRead(@CurrentPrincipal() p: Principal, @Query() f: AccessLogRequestDto, @Ip() ip: string) {
    auditorOnly(p);
    await this.accessLog.record(p, 'audit.access-log.read', { details: { ...f }, ip });
    return this.accessLog.query(p, {
      sub: f.principal,
      agency: f.agency,
      action: f.action,
      alertId: f.alert,
      from: f.from,
      to: f.to,
      limit: f.limit,
      cursor: f.cursor,
    });
  }

  @Get('alerts/:id/timeline')
  @ApiOkResponse({ description: 'Every change of the alert, with what it changed', schema: TIMELINE_SCHEMA })
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
