import { Controller, Get, Headers, Inject, Ip, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { AccessLogService } from '../audit/access-log.service.js';
import { EffectivenessRequestDto, SeizureTrendsRequestDto } from './trends.request.dto.js';
import { TrendsService } from './trends.service.js';

const csvCell = (v: unknown) => (v === null || v === undefined ? '' : /[",\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v));

@ApiTags('trends')
@ApiBearerAuth()
@Controller('trends')
export class TrendsHttpController {
  constructor(@Inject(TrendsService) private readonly trends: TrendsService, @Inject(AccessLogService) private readonly accessLog: AccessLogService) {}

  /** `Accept: text/csv` gives CSV (recorded in the access log as an export). */
  @Get('seizures')
  @ApiProduces('application/json', 'text/csv')
  async seizures(@CurrentPrincipal() p: Principal, @Query() q: SeizureTrendsRequestDto, @Headers('accept') accept: string | undefined, @Ip() ip: string, @Res({ passthrough: true }) res: Response) {
    const result = await this.trends.seizures(p, q);
    if (!wantsCsv(accept)) return result;
    await this.accessLog.record(p, 'trends.export', { details: { trend: 'seizures', ...q }, ip });
    res.type('text/csv');
    return ['key,count,kg,litres,pieces,containers', ...result.rows.map((r) => [r.key, r.count, r.quantity.kg, r.quantity.litres, r.quantity.pieces, r.quantity.containers].map(csvCell).join(','))].join('\n') + '\n';
  }

  @Get('effectiveness')
  @ApiProduces('application/json', 'text/csv')
  async effectiveness(@CurrentPrincipal() p: Principal, @Query() q: EffectivenessRequestDto, @Headers('accept') accept: string | undefined, @Ip() ip: string, @Res({ passthrough: true }) res: Response) {
    const result = await this.trends.effectiveness(p, q);
    if (!wantsCsv(accept)) return result;
    await this.accessLog.record(p, 'trends.export', { details: { trend: 'effectiveness', ...q }, ip });
    res.type('text/csv');
    return ['key,alerts,feedbackGiven,overdue,hits,hitRate,medianHoursToFeedback', ...result.rows.map((r) => [r.key, r.alerts, r.feedbackGiven, r.overdue, r.hits, r.hitRate, r.medianHoursToFeedback].map(csvCell).join(','))].join('\n') + '\n';
  }
}

function wantsCsv(accept: string | undefined): boolean {
  return !!accept && /text\/csv/i.test(accept) && !/application\/json/i.test(accept.split(',')[0]);
}
