import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@cix/auth';
import type { NodeAlertView } from '../../domain/node-alert.view.js';
import { alertIdPipe } from '../amend-alert/amend-alert.http.controller.js';
import { GrantPersonalDataCommand, RevokePersonalDataGrantCommand } from './personal-data-grants.command.js';
import { GrantPersonalDataRequestDto, RevokePersonalDataGrantRequestDto } from './personal-data-grants.request.dto.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Roles('officer')
@Controller('alerts')
export class PersonalDataGrantsHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post(':id/personal-data-grants')
  @HttpCode(200)
  grant(@Param('id', alertIdPipe) id: string, @Body() body: GrantPersonalDataRequestDto, @CurrentPrincipal() p: Principal): Promise<NodeAlertView> {
    return this.commands.execute(new GrantPersonalDataCommand(id, body, p));
  }

  @Post(':id/personal-data-grants/revocations')
  @HttpCode(200)
  revoke(@Param('id', alertIdPipe) id: string, @Body() body: RevokePersonalDataGrantRequestDto, @CurrentPrincipal() p: Principal): Promise<NodeAlertView> {
    return this.commands.execute(new RevokePersonalDataGrantCommand(id, body, p));
  }
}
