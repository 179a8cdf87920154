import { Body, Controller, Headers, HttpCode, UseInterceptors, Post, Res } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { AllErrorsAtOnce, reportIn } from '../all-errors-at-once.interceptor.js';
import { ApiBearerAuth, ApiHeader, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, Roles, type Principal } from '@cix/auth';
import { RaiseAlertRequestDto } from '@cix/contracts';
import { RaiseAlertCommand } from './raise-alert.command.js';
import type { RaiseAlertResult } from './raise-alert.handler.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Roles('officer')
@Controller('alerts')
export class RaiseAlertHttpController {
  constructor(private readonly commands: CommandBus) {}

  @Post()
  @UseInterceptors(AllErrorsAtOnce(reportIn.body))
  @HttpCode(201)
  @ApiHeader({ name: 'Idempotency-Key', required: false, description: 'Makes a retried post return the first result' })
  async raise(
    @Body() body: RaiseAlertRequestDto,
    @CurrentPrincipal() principal: Principal,
    @Headers('idempotency-key') idempotencyKey: string | undefined,
    @Res({ passthrough: true }) res: Response,
  ): Promise<RaiseAlertResult> {
    // The key's format is checked at the edge (InputShapeInterceptor), for every write that reads it.
    const result = await this.commands.execute<RaiseAlertCommand, RaiseAlertResult>(new RaiseAlertCommand(body, principal, idempotencyKey));
    res.location(`/api/alerts/${result.id}`);
    if (result.replayed) res.setHeader('Idempotent-Replayed', 'true');
    return result;
  }
}
