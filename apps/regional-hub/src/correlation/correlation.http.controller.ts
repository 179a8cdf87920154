import { Body, Controller, Get, HttpCode, Inject, Ip, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { DataSource } from 'typeorm';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import type { HubEnv } from '@cix/config';
import { NotFound, PROGRAMME_AGENCY, ValidationFailed } from '@cix/contracts';
import { AccessLogService } from '../audit/access-log.service.js';
import { HUB_CONFIG } from '../hub.tokens.js';
import { commonValues, decideCommonValue, listMatches, matchCounts, type CommonValue, type MatchItem } from './matches.repository.js';
import { CommonValueDecisionDto, ListMatchesRequestDto, MatchTrendsRequestDto } from './matches.request.dto.js';

const isCoordinator = (p: Principal) => p.role === 'coordinator' && p.agency === PROGRAMME_AGENCY;

/** The cursor is the last item's (foundAt, matchId): nothing the caller has not already seen. */
const encodeCursor = (m: MatchItem) => Buffer.from(`${m.foundAt}|${m.matchId}`).toString('base64url');
function decodeCursor(c: string): { foundAt: string; id: string } {
  const [foundAt, id] = Buffer.from(c, 'base64url').toString().split('|');
  if (!foundAt || Number.isNaN(Date.parse(foundAt)) || !/^[0-9a-f-]{36}$/.test(id ?? ''))
    throw new ValidationFailed([{ field: 'cursor', rule: 'cursor', message: 'cursor must be a cursor of this list' }]);
  return { foundAt, id };
}

/**
 * Cross-border matches (issue 13): shown only to a caller who may see both alerts (list, counts);
 * the values coordinators confirm as common.
 */
@ApiTags('correlation')
@ApiBearerAuth()
@Controller()
export class CorrelationHttpController {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
    @Inject(HUB_CONFIG) private readonly config: HubEnv,
  ) {}

  /** Matches between two alerts you may both see, newest first. The values are content: each page is recorded. */
  @Get('matches')
  async list(@CurrentPrincipal() p: Principal, @Query() q: ListMatchesRequestDto, @Ip() ip: string): Promise<{ items: MatchItem[]; nextCursor?: string }> {
    this.accessLog.assertAvailable();
    const items = await listMatches(this.db, p, { kind: q.kind, after: q.cursor ? decodeCursor(q.cursor) : undefined, limit: q.limit + 1 });
    const page = items.slice(0, q.limit);
    this.accessLog.delivered(
      p,
      'match.list',
      page.flatMap((m) => m.alerts.map((a) => ({ id: a.alertId, agency: a.agency }))),
      { ip, details: { ...q } },
    );
    return { items: page, ...(items.length > q.limit ? { nextCursor: encodeCursor(page[page.length - 1]) } : {}) };
  }

  /** How many matches you may see (both alerts), by key type: no content. */
  @Get('trends/matches')
  async trends(@CurrentPrincipal() p: Principal, @Query() q: MatchTrendsRequestDto): Promise<{ byKind: Array<{ kind: string; matches: number }> }> {
    return { byKind: await matchCounts(this.db, p, q.from, q.to) };
  }

  /** Programme coordinators: values held by more than CORRELATION_MAX_FANOUT alerts (they match nothing), and decided ones. */
  @Get('correlation/common-values')
  async common(@CurrentPrincipal() p: Principal): Promise<{ maxFanout: number; items: CommonValue[] }> {
    if (!isCoordinator(p)) throw new NotFound('common values');
    return { maxFanout: this.config.CORRELATION_MAX_FANOUT, items: await commonValues(this.db, this.config.CORRELATION_MAX_FANOUT) };
  }

  /** `common`: the value never generates matches; `not-common`: it does, even above the bound. Recorded in the access log. */
  @Post('correlation/common-values')
  @HttpCode(200)
  async decide(@CurrentPrincipal() p: Principal, @Body() body: CommonValueDecisionDto, @Ip() ip: string): Promise<CommonValueDecisionDto> {
    if (!isCoordinator(p)) throw new NotFound('common values');
    await this.accessLog.record(p, 'correlation.common-value', { details: { ...body }, ip });
    await decideCommonValue(this.db, p, body);
    return { kind: body.kind, value: body.value, decision: body.decision };
  }
}
