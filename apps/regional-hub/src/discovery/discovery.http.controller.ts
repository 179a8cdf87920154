import { Controller, Get, Inject, Ip, Param, ParseUUIDPipe, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { NotFound } from '@cix/contracts';
import { AccessLogService } from '../audit/access-log.service.js';
import { DiscoveryRepository } from './discovery.repository.js';
import { ListHitsRequestDto } from './discovery.request.dto.js';
import type { HitView, InformationRequestView } from './discovery.views.js';

/** A malformed id is as unknown as a guessed one. */
const idPipe = (what: string) => new ParseUUIDPipe({ exceptionFactory: () => new NotFound(what) });

/**
 * A request's message is the requester's content about its own alert: its delivery to the owner is
 * logged against that alert (the requester's auditors see who read it).
 *
 * Hit / no-hit (issue 13): the requester learns only that another agency holds something related
 * on a key; the owner learns which of its alerts, which agency, which key, and the requests. What
 * the caller's agency is not a side of is "not found", whatever the id.
 */
@ApiTags('discovery')
@ApiBearerAuth()
@Controller('discovery')
export class DiscoveryHttpController {
  constructor(
    @Inject(DiscoveryRepository) private readonly discovery: DiscoveryRepository,
    @Inject(AccessLogService) private readonly accessLog: AccessLogService,
  ) {}

  /** The hits of the caller's agency, as requester (who holds something, on which key) or as owner (which alert, which agency, which key). */
  @Get('hits')
  async hits(@CurrentPrincipal() p: Principal, @Query() f: ListHitsRequestDto, @Ip() ip: string): Promise<{ items: HitView[] }> {
    const { items, messagesOf } = await this.discovery.hits(p, f);
    this.accessLog.delivered(p, 'discovery.hits', messagesOf, { ip });
    return { items };
  }

  /** One hit of the caller's agency; any other id is "not found". */
  @Get('hits/:hitId')
  async hit(@CurrentPrincipal() p: Principal, @Param('hitId', idPipe('hit')) hitId: string, @Ip() ip: string): Promise<HitView> {
    const { items, messagesOf } = await this.discovery.hits(p, { hitId });
    if (!items[0]) throw new NotFound('hit');
    this.accessLog.delivered(p, 'discovery.hit', messagesOf, { ip });
    return items[0];
  }

  /** Requests for information the caller's agency sent or received, with their answers. */
  @Get('requests')
  async requests(@CurrentPrincipal() p: Principal, @Ip() ip: string): Promise<{ items: InformationRequestView[] }> {
    const { items, messagesOf } = await this.discovery.requests(p);
    this.accessLog.delivered(p, 'discovery.requests', messagesOf, { ip });
    return { items };
  }

  /** One request for information the caller's agency sent or received; any other id is "not found". */
  @Get('requests/:requestId')
  async request(
    @CurrentPrincipal() p: Principal,
    @Param('requestId', idPipe('information request')) requestId: string,
    @Ip() ip: string,
  ): Promise<InformationRequestView> {
    const { items, messagesOf } = await this.discovery.requests(p, { requestId });
    if (!items[0]) throw new NotFound('information request');
    this.accessLog.delivered(p, 'discovery.request', messagesOf, { ip });
    return items[0];
  }
}
