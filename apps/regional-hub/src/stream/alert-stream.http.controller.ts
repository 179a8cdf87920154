import { Controller, Inject, Sse, type MessageEvent } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import type { Observable } from 'rxjs';
import { CurrentPrincipal, type Principal } from '@cix/auth';
import { AlertFeedService } from './alert-feed.service.js';

@ApiTags('stream')
@ApiBearerAuth()
@Controller('stream')
export class AlertStreamHttpController {
  constructor(@Inject(AlertFeedService) private readonly feed: AlertFeedService) {}

  /** Server-sent events: `alert` (new or changed, visible to you), `feedback`, `alert.withdrawn`, `heartbeat`. */
  @Sse()
  stream(@CurrentPrincipal() principal: Principal): Observable<MessageEvent> {
    return this.feed.feed(principal);
  }
}
