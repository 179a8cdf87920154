import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@cix/auth';
import { GiveFeedbackCommand } from './give-feedback.command.js';
import { GiveFeedbackRequestDto } from './give-feedback.request.dto.js';
import type { FeedbackResult } from './give-feedback.handler.js';

@ApiTags('feedback')
@ApiBearerAuth()
@Roles('officer')
@Controller('feedback')
export class GiveFeedbackHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @HttpCode(201)
  give(
    @Body() body: GiveFeedbackRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('authorization') authorization: string,
    @Headers('idempotency-key') idempotencyKey?: string,
  ): Promise<FeedbackResult> {
    // The guard has verified this token; the hub checks it again for its own access decision.
    const token = authorization.replace(/^Bearer\s+/i, '');
    return this.commands.execute(new GiveFeedbackCommand(body, principal, token, idempotencyKey));
  }
}
