export class GetAlertQuery {
  constructor(readonly alertId: string) {}
}
