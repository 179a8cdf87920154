export class ListAlertsQuery {
  constructor(readonly limit: number, readonly cursor?: number) {}
}
