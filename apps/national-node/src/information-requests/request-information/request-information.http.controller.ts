import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@cix/auth';
import { RequestInformationCommand } from './request-information.command.js';
import type { InformationRequestResult } from './request-information.handler.js';
import { RequestInformationRequestDto } from './request-information.request.dto.js';

@ApiTags('information-requests')
@ApiBearerAuth()
@Roles('officer')
@Controller('information-requests')
export class RequestInformationHttpController {
  constructor(private readonly commands: CommandBus) {}

  /** Ask the agency that holds related information (a hit the hub showed you) for it: one request per hit. */
  @Post()
  @HttpCode(201)
  request(
    @Body() body: RequestInformationRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('authorization') authorization: string,
  ): Promise<InformationRequestResult> {
    // The guard has verified this token; the hub checks it again for its own access decision.
    return this.commands.execute(new RequestInformationCommand(body, principal, authorization.replace(/^Bearer\s+/i, '')));
  }
}
