import { Body, Controller, Headers, HttpCode, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { NotFound } from '@cix/contracts';
import { CurrentPrincipal, Roles, type Principal } from '@cix/auth';
import { AnswerRequestCommand } from './answer-request.command.js';
import type { AnswerResult } from './answer-request.handler.js';
import { AnswerRequestRequestDto } from './answer-request.request.dto.js';

@ApiTags('information-requests')
@ApiBearerAuth()
@Roles('officer')
@Controller('information-requests')
export class AnswerRequestHttpController {
  constructor(private readonly commands: CommandBus) {}

  /** Answer a request for information on your alert: accept (shares it bilaterally with the requester) or decline. */
  @Post(':requestId/answer')
  @HttpCode(200)
  answer(
    @Param('requestId', new ParseUUIDPipe({ exceptionFactory: () => new NotFound('information request') })) requestId: string,
    @Body() body: AnswerRequestRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('authorization') authorization: string,
  ): Promise<AnswerResult> {
    return this.commands.execute(new AnswerRequestCommand(requestId, body, principal, authorization.replace(/^Bearer\s+/i, '')));
  }
}
