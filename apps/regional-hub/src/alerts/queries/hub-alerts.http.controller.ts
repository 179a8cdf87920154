import { Controller, Get, Inject, Ip, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { IsISO8601, IsOptional } from 'class-validator';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { NotFound } from '@cix/contracts';
import { GetHubAlertQuery } from './get-alert/get-hub-alert.query.js';
import { ListHubAlertsQuery } from './list-alerts/list-hub-alerts.query.js';
import { ListHubAlertsRequestDto } from './list-alerts/list-alerts.request.dto.js';
import type { HubAlertPage } from './list-alerts/list-hub-alerts.handler.js';
import type { HubAlertView } from '../domain/hub-alert.view.js';
import { AccessLogService } from '../../audit/access-log.service.js';
import { AlertHistoryService } from '../../audit/alert-history.service.js';

export const alertIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new NotFound('alert') });

export class GetHubAlertRequestDto {
  @IsOptional() @IsISO8601({ strict: true }) readonly asOf?: string;
}

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class HubAlertsHttpController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(AlertHistoryService) private readonly history: AlertHistoryService,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
  ) {}

  /** Lists and searches deliver content too: the ids each page delivered are recorded (batched). */
  @Get()
  async list(@CurrentPrincipal() principal: Principal, @Query() filters: ListHubAlertsRequestDto, @Ip() ip: string): Promise<HubAlertPage> {
    const page = await this.queries.execute<ListHubAlertsQuery, HubAlertPage>(new ListHubAlertsQuery(principal, filters));
    this.accessLog.delivered(principal, filters.q ? 'alert.search' : 'alert.list', page.items, { ip, details: { ...filters } });
    return page;
  }

  /** One alert; `asOf` shows it exactly as the caller would have seen it then. Every read is recorded. */
  @Get(':id')
  async get(@CurrentPrincipal() principal: Principal, @Param('id', alertIdPipe) id: string, @Query() q: GetHubAlertRequestDto, @Ip() ip: string): Promise<HubAlertView> {
    const view = q.asOf ? await this.history.asOf(principal, id, q.asOf) : await this.queries.execute<GetHubAlertQuery, HubAlertView>(new GetHubAlertQuery(principal, id));
    await this.accessLog.record(principal, q.asOf ? 'alert.read-as-of' : 'alert.read', { alertId: id, ip, ...(q.asOf ? { details: { asOf: q.asOf } } : {}) });
    return view;
  }
}
