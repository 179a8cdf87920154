import { Controller, Get } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { AwaitingFeedbackQuery } from './awaiting-feedback.query.js';

@ApiTags('feedback')
@ApiBearerAuth()
@Controller('feedback')
export class AwaitingFeedbackHttpController {
  constructor(private readonly queries: QueryBus) {}

  /** The caller's agency's to-do list: alerts it was asked to act on and has not answered. */
  @Get('awaiting')
  awaiting(@CurrentPrincipal() principal: Principal) {
    return this.queries.execute(new AwaitingFeedbackQuery(principal));
  }
}
