import { Controller, Inject, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import type { HubEnv } from '@cix/config';
import { HUB_CONFIG } from '../hub.tokens.js';
import { AlertFeedService } from './alert-feed.service.js';
import { endingAt, feedEnd } from './feed-lifetime.js';

@ApiTags('stream')
@ApiBearerAuth()
@Controller('stream')
export class AlertStreamHttpController {
  constructor(
    @Inject(AlertFeedService) private readonly feed: AlertFeedService,
    @Inject(HUB_CONFIG) private readonly config: HubEnv,
  ) {}

  /**
   * Server-sent events: `alert` (new or changed, visible to you), `feedback`, `alert.withdrawn`, `heartbeat`.
   * The stream ends with `reauthenticate` when the token expires, or `reconnect` after FEED_MAX_LIFETIME_SECONDS.
   */
  @Sse()
  stream(@CurrentPrincipal() principal: Principal): Observable<MessageEvent> {
    return endingAt(this.feed.feed(principal), feedEnd(principal.exp, Date.now(), this.config.FEED_MAX_LIFETIME_SECONDS));
  }
}
