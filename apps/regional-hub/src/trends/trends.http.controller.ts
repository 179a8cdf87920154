import { Controller, Get, Headers, Inject, Ip, Query, Res } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { csvAttachmentHeaders, Export, toCsv } from '@cix/platform';
import { AccessLogService } from '../audit/access-log.service.js';
import { EffectivenessRequestDto, SeizureTrendsRequestDto } from './trends.request.dto.js';
import { TrendsService } from './trends.service.js';

const wantsCsv = (accept: string | undefined) => !!accept && /text\/csv/i.test(accept) && !/application\/json/i.test(accept.split(',')[0]);

interface Ask {
  p: Principal;
  accept?: string;
  ip: string;
  res: Response;
}

/**
 * `Accept: text/csv` gives every trend table as CSV (formula-safe, UTF-8 BOM, an attachment;
 * `delimiter=semicolon` for Russian-locale spreadsheets); such an export is recorded in the access log.
 */
@ApiTags('trends')
@ApiBearerAuth()
@Controller('trends')
export class TrendsHttpController {
  constructor(
    @Inject(TrendsService) private readonly trends: TrendsService,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
  ) {}

  @Get('seizures')
  @ApiProduces('application/json', 'text/csv')
  @Export({ whenAccepts: 'text/csv' })
  async seizures(
    @CurrentPrincipal() p: Principal,
    @Query() q: SeizureTrendsRequestDto,
    @Headers('accept') accept: string | undefined,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.trends.seizures(p, q);
    return this.answer({ p, accept, ip, res }, 'seizures', q, result, ['key', 'series', 'count', 'kg', 'litres', 'pieces', 'containers'], (r) => [
      r.key,
      r.series,
      r.count,
      r.quantity.kg,
      r.quantity.litres,
      r.quantity.pieces,
      r.quantity.containers,
    ]);
  }

  @Get('effectiveness')
  @ApiProduces('application/json', 'text/csv')
  @Export({ whenAccepts: 'text/csv' })
  async effectiveness(
    @CurrentPrincipal() p: Principal,
    @Query() q: EffectivenessRequestDto,
    @Headers('accept') accept: string | undefined,
    @Ip() ip: string,
    @Res({ passthrough: true }) res: Response,
  ) {
    const result = await this.trends.effectiveness(p, q);
    return this.answer(
      { p, accept, ip, res },
      'effectiveness',
      q,
      result,
      ['key', 'alerts', 'feedbackGiven', 'overdue', 'hits', 'hitRate', 'medianHoursToFeedback'],
      (r) => [r.key, r.alerts, r.feedbackGiven, r.overdue, r.hits, r.hitRate, r.medianHoursToFeedback],
    );
  }

  private async answer<R>(ask: Ask, trend: string, query: object, result: { rows: R[] }, header: string[], cells: (r: R) => unknown[]) {
    if (!wantsCsv(ask.accept)) return result;
    await this.accessLog.record(ask.p, 'trends.export', { details: { trend, ...query }, ip: ask.ip });
    const by = 'groupBy' in query ? `-by-${String(query.groupBy)}` : '';
    ask.res.set(csvAttachmentHeaders(`cix-trends-${trend}${by}`));
    return toCsv(header, result.rows.map(cells), 'delimiter' in query && query.delimiter === 'semicolon' ? 'semicolon' : 'comma');
  }
}
