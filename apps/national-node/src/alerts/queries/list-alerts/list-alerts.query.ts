import type { ListAlertsRequestDto } from './list-alerts.request.dto.js';

export class ListAlertsQuery {
  constructor(readonly filters: ListAlertsRequestDto) {}
}
