import { routeKey } from '@cix/read-model';
import type { HubAlertView } from '../../domain/hub-alert.view.js';

/** `Accept: text/csv` (unless JSON is asked for first, as the trends read it). */
export const wantsCsv = (accept: string | undefined): boolean => !!accept && /text\/csv/i.test(accept) && !/application\/json/i.test(accept.split(',')[0]);

export const ALERT_LIST_CSV_HEADER = [
  'id',
  'agency',
  'unit',
  'kind',
  'status',
  'raisedAt',
  'occurredAt',
  'commodityCategory',
  'hsCode',
  'description',
  'quantityValue',
  'quantityUnit',
  'containers',
  'route',
  'distributionLevel',
] as const;

/**
 * One row per alert, from the caller's view (so nothing the JSON list withholds), and by
 * construction never parties: no person's name or document can reach a spreadsheet this way.
 * The route is written as the `route` filter and the trends name it (`AF>TM>AZ`).
 */
export const alertListCsvRow = (a: HubAlertView): unknown[] => [
  a.id,
  a.agency,
  a.unit,
  a.kind,
  a.status,
  a.raisedAt,
  a.occurredAt,
  a.commodity.category,
  a.commodity.hsCode ?? '',
  a.commodity.description,
  a.quantity?.value ?? '',
  a.quantity?.unit ?? '',
  a.containers.join(' '),
  routeKey(a.route),
  a.distribution.level,
];
