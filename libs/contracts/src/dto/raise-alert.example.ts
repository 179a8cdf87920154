/**
 * A report with every field filled, its values taken from the demo data set (apps/cli/src/commands/seed.dataset.ts)
 * except the vessel and bill of lading, which the demo set lacks; test/openapi.e2e-spec.ts checks that
 * the values still come from there. The OpenAPI documents show it as the example of each field.
 */
export const RAISE_ALERT_EXAMPLE = {
  kind: 'high-risk-consignment',
  unit: 'KZ-AKTAU',
  occurredAt: '2026-07-07T03:12:00.000Z',
  commodity: { category: 'drugs', description: 'heroin in a false floor of a container', hsCode: '293911' },
  quantity: { value: 12.5, unit: 'kg' },
  containers: ['MSCU3079197'],
  vessel: { name: 'Aktau Star', imo: 'IMO9319466', flag: 'KZ' },
  route: { departure: 'AF', transit: ['TM'], destination: 'AZ' },
  locode: 'KZAAU',
  detectionMethod: 'risk-profiling',
  concealmentMethod: 'false-floor',
  conveyance: 'sea-container',
  parties: [
    { role: 'driver', name: 'Serik Abenov', isPerson: true, nationality: 'KZ', documentNumber: 'N1234567' },
  ],
  billOfLading: 'KZAAU-2026-0701',
  eta: '2026-07-10T03:12:00.000Z',
  riskIndicators: ['route inconsistent with goods'],
  recommendedAction: 'x-ray and physical examination on arrival',
  distribution: { level: 'bilateral', recipients: ['AZ', 'CCP'] },
  handlingCode: 'H1',
  sourceReliability: 'B',
  informationAccuracy: '2',
} as const;

/** Examples by request class name, for the OpenAPI documents. */
export const REQUEST_EXAMPLES: Record<string, Record<string, unknown>> = {
  RaiseAlertRequestDto: RAISE_ALERT_EXAMPLE,
  // AlertChangesDto's rules live on the class @nestjs/swagger's PartialType() makes (named so).
  PartialTypeClass: RAISE_ALERT_EXAMPLE,
  CommodityDto: RAISE_ALERT_EXAMPLE.commodity,
  QuantityDto: RAISE_ALERT_EXAMPLE.quantity,
  VesselDto: RAISE_ALERT_EXAMPLE.vessel,
  RouteDto: RAISE_ALERT_EXAMPLE.route,
  PartyDto: RAISE_ALERT_EXAMPLE.parties[0],
  DistributionDto: RAISE_ALERT_EXAMPLE.distribution,
  ChangeDistributionRequestDto: { expectedVersion: 2, level: 'regional', recipients: ['AZ', 'TM'] },
  AmendAlertRequestDto: { expectedVersion: 1 },
  CloseAlertRequestDto: { expectedVersion: 3, reason: 'consignment inspected, nothing further' },
  RetractAlertRequestDto: { expectedVersion: 3, reason: 'reported on the wrong container' },
  RenewAlertRequestDto: { expectedVersion: 3 },
  GiveFeedbackRequestDto: {
    alertId: '0f8e6a52-5c1e-4b7a-9a43-2d9f0c3e1a77', outcome: 'seizure', seizureReportId: '6b1d3c0e-8f2a-4e5b-9c7d-1a2b3c4d5e6f',
    reason: 'vessel diverted to another port', notes: 'found as described', inspectedAt: '2026-07-04T09:30:00.000Z',
  },
  ListAlertsRequestDto: { unit: 'KZ-AKTAU', kind: 'seizure', status: 'open', commodity: 'drugs', container: 'MSCU3079197', from: '2026-07-01T00:00:00Z', to: '2026-12-31T23:59:59Z', limit: 50 },
  ListHubAlertsRequestDto: {
    agency: 'KZ', unit: 'KZ-AKTAU', kind: 'seizure', status: 'open', commodity: 'drugs', hsChapter: '29', container: 'MSCU3079197', imo: 'IMO9319466',
    country: 'AF', route: 'AF>TM>AZ', q: 'heroin', from: '2026-07-01T00:00:00Z', to: '2026-12-31T23:59:59Z', limit: 50,
  },
  GetHubAlertRequestDto: { asOf: '2026-07-02T00:00:00Z' },
  SeizureTrendsRequestDto: { groupBy: 'commodity', series: 'agency', from: '2026-07-01T00:00:00Z', to: '2026-12-31T23:59:59Z', delimiter: 'semicolon' },
  EffectivenessRequestDto: { groupBy: 'sendingAgency', from: '2026-07-01T00:00:00Z', to: '2026-12-31T23:59:59Z', delimiter: 'semicolon' },
  ReplayRequestDto: { agency: 'KZ', type: 'AlertRaised', from: '2026-07-01T00:00:00Z', to: '2026-12-31T23:59:59Z' },
  AccessLogRequestDto: { principal: 'kz-officer-1', from: '2026-07-01T00:00:00Z', to: '2026-12-31T23:59:59Z', limit: 100 },
};
