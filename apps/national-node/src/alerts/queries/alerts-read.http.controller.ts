import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { NotFound } from '@cix/contracts';
import { GetAlertQuery } from './get-alert/get-alert.query.js';
import type { AlertWithHistory } from './get-alert/get-alert.handler.js';
import { ListAlertsQuery } from './list-alerts/list-alerts.query.js';
import { ListAlertsRequestDto } from './list-alerts/list-alerts.request.dto.js';
import type { AlertPage } from './list-alerts/list-alerts.handler.js';

/** The node holds only its own agency's alerts, and only its own agency's tokens reach it. */
@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class AlertsReadHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@CurrentPrincipal() p: Principal, @Query() q: ListAlertsRequestDto): Promise<AlertPage> {
    return this.queries.execute(new ListAlertsQuery(q, p));
  }

  @Get(':id')
  get(
    @CurrentPrincipal() p: Principal,
    @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new NotFound('alert') })) id: string,
  ): Promise<AlertWithHistory> {
    return this.queries.execute(new GetAlertQuery(id, p));
  }
}
