import { Body, Controller, HttpCode, Param, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@cix/auth';
import type { NodeAlertView } from '../../domain/node-alert.view.js';
import { alertIdPipe } from '../amend-alert/amend-alert.http.controller.js';
import { ChangeDiscoverabilityCommand } from './change-discoverability.command.js';
import { ChangeDiscoverabilityRequestDto } from './change-discoverability.request.dto.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Roles('officer')
@Controller('alerts')
export class ChangeDiscoverabilityHttpController {
  constructor(private readonly commands: CommandBus) {}

  /** Offer the alert for hit/no-hit discovery by other agencies, or withdraw the offer. */
  @Post(':id/discoverability')
  @HttpCode(200)
  change(@Param('id', alertIdPipe) id: string, @Body() body: ChangeDiscoverabilityRequestDto, @CurrentPrincipal() p: Principal): Promise<NodeAlertView> {
    return this.commands.execute(new ChangeDiscoverabilityCommand(id, body, p));
  }
}
