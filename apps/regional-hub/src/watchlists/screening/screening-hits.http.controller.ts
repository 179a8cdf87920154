import { Controller, Get, Inject, Ip, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { AccessLogService } from '../../audit/access-log.service.js';
import { ListScreeningHitsRequestDto } from '../watchlists.request.dto.js';
import { ScreeningHitsRepository, type ScreeningHitView } from './screening-hits.repository.js';

@ApiTags('watchlists')
@ApiBearerAuth()
@Controller('screening')
export class ScreeningHitsHttpController {
  constructor(
    @Inject(ScreeningHitsRepository) private readonly hits: ScreeningHitsRepository,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
  ) {}

  /**
   * Watch-list hits on the caller's own agency's alerts, newest first. Anyone else — another
   * agency, the programme, a coordinator — gets an empty list: a hit is the owner's alone.
   */
  @Get('hits')
  @ApiOperation({ summary: "Watch-list hits on the caller's own agency's alerts" })
  async list(
    @CurrentPrincipal() p: Principal,
    @Query() q: ListScreeningHitsRequestDto,
    @Ip() ip: string,
  ): Promise<{ items: ScreeningHitView[]; nextCursor: string | null }> {
    const [foundAt, id] = q.cursor?.split('_') ?? [];
    const items = await this.hits.list(p, {
      limit: q.limit,
      ...(q.cursor ? { after: { foundAt, id } } : {}),
      ...(q.alertId ? { alertId: q.alertId } : {}),
      ...(q.listed ? { listed: q.listed === 'true' } : {}),
    });
    this.accessLog.delivered(
      p,
      'screening.hits',
      items.map((h) => ({ id: h.alert.alertId, agency: h.alert.agency })),
      { ip },
    );
    const last = items.at(-1);
    return { items, nextCursor: last && items.length === q.limit ? `${last.foundAt}_${last.hitId}` : null };
  }
}
