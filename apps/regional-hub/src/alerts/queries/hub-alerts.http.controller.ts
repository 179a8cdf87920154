import { Controller, Get, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { NotFound } from '@cix/contracts';
import { GetHubAlertQuery } from './get-alert/get-hub-alert.query.js';
import { ListHubAlertsQuery } from './list-alerts/list-hub-alerts.query.js';
import { ListHubAlertsRequestDto } from './list-alerts/list-alerts.request.dto.js';
import type { HubAlertPage } from './list-alerts/list-hub-alerts.handler.js';
import type { HubAlertView } from '../domain/hub-alert.view.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Controller('alerts')
export class HubAlertsHttpController {
  constructor(private readonly queries: QueryBus) {}

  @Get()
  list(@CurrentPrincipal() principal: Principal, @Query() filters: ListHubAlertsRequestDto): Promise<HubAlertPage> {
    return this.queries.execute(new ListHubAlertsQuery(principal, filters));
  }

  @Get(':id')
  get(@CurrentPrincipal() principal: Principal, @Param('id', new ParseUUIDPipe({ exceptionFactory: () => new NotFound('alert') })) id: string): Promise<HubAlertView> {
    return this.queries.execute(new GetHubAlertQuery(principal, id));
  }
}
