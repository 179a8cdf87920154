import type { Principal } from '@cix/auth';
import type { ListHubAlertsRequestDto } from './list-alerts.request.dto.js';

export class ListHubAlertsQuery {
  constructor(
    readonly principal: Principal,
    readonly filters: ListHubAlertsRequestDto,
  ) {}
}
