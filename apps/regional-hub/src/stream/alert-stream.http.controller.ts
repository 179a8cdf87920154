import { Controller, Headers, HttpCode, Inject, Post, Query, Sse, UseGuards, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { IsOptional, Matches } from 'class-validator';
import type { Observable } from 'rxjs';
import { CurrentPrincipal, Public, type Principal } from '@cix/auth';
import type { HubEnv } from '@cix/config';
import { HUB_CONFIG } from '../hub.tokens.js';
import { AlertFeedService } from './alert-feed.service.js';
import { endingAt, feedEnd } from './feed-lifetime.js';
import { StreamAuthGuard } from './stream-auth.guard.js';
import { StreamTickets, type StreamTicket } from './stream-tickets.js';

export class StreamRequestDto {
  /** A stream ticket from `POST /api/stream/tickets` (single use, 30 s), instead of the Authorization header. */
  @IsOptional() @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'ticket must be a stream ticket' }) readonly ticket?: string;
  /** Resume after this event id (as `Last-Event-ID`, for clients that open a new connection themselves). */
  @IsOptional() @Matches(/^\d{1,16}$/, { message: 'lastEventId must be an event id of this feed' }) readonly lastEventId?: string;
}

@ApiTags('stream')
@ApiBearerAuth()
@Controller('stream')
export class AlertStreamHttpController {
  constructor(
    @Inject(AlertFeedService) private readonly feed: AlertFeedService,
    @Inject(StreamTickets) private readonly tickets: StreamTickets,
    @Inject(HUB_CONFIG) private readonly config: HubEnv,
  ) {}

  /**
   * Server-sent events: `alert` (new or changed, visible to you), `feedback`, `alert.withdrawn`, `heartbeat`,
   * and notices such as `match` (a cross-border match between two alerts you may both see).
   * Every change carries an `id:`; reconnecting with `Last-Event-ID` (or `lastEventId`) first delivers what was missed,
   * or `reset` when that is no longer known (reload the lists). Authenticated by a bearer token or a stream ticket.
   * The stream ends with `reauthenticate` when the token expires, or `reconnect` after FEED_MAX_LIFETIME_SECONDS.
   */
  @Sse()
  @Public()
  @UseGuards(StreamAuthGuard)
  stream(
    @CurrentPrincipal() principal: Principal,
    @Query() q: StreamRequestDto,
    @Headers('last-event-id') lastEventIdHeader: string | undefined,
  ): Observable<MessageEvent> {
    const lastEventId = lastEventIdHeader?.trim() || q.lastEventId;
    return endingAt(this.feed.feed(principal, lastEventId), feedEnd(principal.exp, Date.now(), this.config.FEED_MAX_LIFETIME_SECONDS));
  }

  /** A single-use ticket that opens the feed within 30 s (`GET /api/stream?ticket=…`), for EventSource, which cannot send headers. */
  @Post('tickets')
  @HttpCode(201)
  issue(@CurrentPrincipal() principal: Principal): StreamTicket {
    return this.tickets.issue(principal);
  }
}
