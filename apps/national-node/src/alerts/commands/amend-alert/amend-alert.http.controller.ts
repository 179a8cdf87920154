import { Body, Controller, Headers, HttpCode, UseInterceptors, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AllErrorsAtOnce, reportIn } from '../all-errors-at-once.interceptor.js';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@cix/auth';
import { NotFound } from '@cix/contracts';
import type { NodeAlertView } from '../../domain/node-alert.view.js';
import { AmendAlertCommand } from './amend-alert.command.js';
import { AmendAlertRequestDto } from './amend-alert.request.dto.js';

export const alertIdPipe = new ParseUUIDPipe({ exceptionFactory: () => new NotFound('alert') });

@ApiTags('alerts')
@ApiBearerAuth()
@Roles('officer')
@Controller('alerts')
export class AmendAlertHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/amendments')
  @UseInterceptors(AllErrorsAtOnce(reportIn.changes))
  @HttpCode(200)
  amend(
    @Param('id', alertIdPipe) id: string,
    @Body() body: AmendAlertRequestDto,
    @CurrentPrincipal() p: Principal,
    @Headers('idempotency-key') key?: string,
  ): Promise<NodeAlertView> {
    return this.commands.execute(new AmendAlertCommand(id, body, p, key));
  }
}
