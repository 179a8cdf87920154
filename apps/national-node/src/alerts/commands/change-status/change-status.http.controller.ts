import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@cix/auth';
import type { NodeAlertView } from '../../domain/node-alert.view.js';
import { alertIdPipe } from '../amend-alert/amend-alert.http.controller.js';
import { ChangeStatusCommand } from './change-status.command.js';
import { CloseAlertRequestDto, RenewAlertRequestDto, RetractAlertRequestDto } from './change-status.request.dto.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Roles('officer')
@Controller('alerts')
export class ChangeStatusHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/close')
  @HttpCode(200)
  close(@Param('id', alertIdPipe) id: string, @Body() body: CloseAlertRequestDto, @CurrentPrincipal() p: Principal): Promise<NodeAlertView> {
    return this.commands.execute(new ChangeStatusCommand('close', id, body, p));
  }

  @Post(':id/retract')
  @HttpCode(200)
  retract(@Param('id', alertIdPipe) id: string, @Body() body: RetractAlertRequestDto, @CurrentPrincipal() p: Principal): Promise<NodeAlertView> {
    return this.commands.execute(new ChangeStatusCommand('retract', id, body, p));
  }

  @Post(':id/renew')
  @HttpCode(200)
  renew(@Param('id', alertIdPipe) id: string, @Body() body: RenewAlertRequestDto, @CurrentPrincipal() p: Principal): Promise<NodeAlertView> {
    return this.commands.execute(new ChangeStatusCommand('renew', id, body, p));
  }
}
