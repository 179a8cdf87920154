import type { Principal } from '@cix/auth';
import type { ListAlertsRequestDto } from './list-alerts.request.dto.js';

export class ListAlertsQuery {
  constructor(
    readonly filters: ListAlertsRequestDto,
    readonly principal?: Principal,
  ) {}
}
