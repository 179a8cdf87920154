import { Body, Controller, Headers, HttpCode, Post } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { ApiBearerAuth, ApiBody, ApiConsumes, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, Roles, type Principal } from '@cix/auth';
import { BulkRaiseCommand } from './bulk-raise.command.js';
import { csvToObjects } from './csv.js';

@ApiTags('alerts')
@ApiBearerAuth()
@Roles('officer')
@Controller('alerts')
export class BulkRaiseHttpController {
  constructor(private readonly commands: CommandBus) {}

  /** JSON array of reports, or CSV (text/csv) with a header row of field names such as `commodity.category`. */
  @Post('bulk')
  @HttpCode(201)
  @ApiConsumes('application/json', 'text/csv')
  @ApiBody({ description: 'Up to 1,000 reports; all are stored or none' })
  bulk(@Body() body: unknown, @Headers('content-type') contentType: string | undefined, @CurrentPrincipal() principal: Principal) {
    const rows = typeof body === 'string' && /^text\/(csv|plain)/i.test(contentType ?? '') ? csvToObjects(body) : body;
    return this.commands.execute(new BulkRaiseCommand(rows, principal));
  }
}
