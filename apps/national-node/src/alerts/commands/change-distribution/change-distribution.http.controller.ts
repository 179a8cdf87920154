import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@cix/auth';
import type { NodeAlertView } from '../../domain/node-alert.view.js';
import { alertIdPipe } from '../amend-alert/amend-alert.http.controller.js';
import { ChangeDistributionCommand } from './change-distribution.command.js';
import { ChangeDistributionRequestDto } from './change-distribution.request.dto.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Roles('officer')
@Controller('alerts')
export class ChangeDistributionHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/distribution')
  @HttpCode(200)
  change(@Param('id', alertIdPipe) id: string, @Body() body: ChangeDistributionRequestDto, @CurrentPrincipal() p: Principal): Promise<NodeAlertView> {
    return this.commands.execute(new ChangeDistributionCommand(id, body, p));
  }
}
