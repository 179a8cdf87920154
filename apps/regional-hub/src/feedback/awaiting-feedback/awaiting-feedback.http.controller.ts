import { Controller, Get, Inject, Ip } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { AwaitingFeedbackQuery } from './awaiting-feedback.query.js';
import type { HubAlertView } from '../../alerts/domain/hub-alert.view.js';
import { AccessLogService } from '../../audit/access-log.service.js';

@ApiTags('feedback')
@ApiBearerAuth()
@Controller('feedback')
export class AwaitingFeedbackHttpController {
  constructor(
    private readonly queries: QueryBus,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
  ) {}

  /** The caller's agency's to-do list: alerts it was asked to act on and has not answered. */
  @Get('awaiting')
  async awaiting(@CurrentPrincipal() principal: Principal, @Ip() ip: string) {
    const answer = await this.queries.execute<AwaitingFeedbackQuery, { items: HubAlertView[] }>(new AwaitingFeedbackQuery(principal));
    this.accessLog.delivered(principal, 'feedback.awaiting', answer.items, { ip });
    return answer;
  }
}
