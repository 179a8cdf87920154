import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { visibilityScope } from '@cix/access-control';
import { toHubAlertView, type HubAlertRow, type HubAlertView } from '../../domain/hub-alert.view.js';
import { visibilityClause } from '../../domain/visibility.sql.js';
import { ListHubAlertsQuery } from './list-hub-alerts.query.js';

export interface HubAlertPage {
  readonly items: HubAlertView[];
  readonly nextCursor: string | null;
}

/** Newest first. No totals are returned: a count is one more way to leak what a caller cannot see. */
@QueryHandler(ListHubAlertsQuery)
export class ListHubAlertsHandler implements IQueryHandler<ListHubAlertsQuery, HubAlertPage> {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async execute({ principal, filters: f }: ListHubAlertsQuery): Promise<HubAlertPage> {
    const vis = visibilityClause(visibilityScope(principal), 1);
    const params: unknown[] = [...vis.params];
    const where = [vis.sql];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.container) add((n) => `containers @> ARRAY[${n}::text]`, f.container);
    if (f.agency) add((n) => `agency = ${n}`, f.agency);
    if (f.unit) add((n) => `unit = ${n}`, f.unit);
    if (f.kind) add((n) => `kind = ${n}`, f.kind);
    if (f.from) add((n) => `occurred_at >= ${n}::timestamptz`, f.from);
    if (f.to) add((n) => `occurred_at < ${n}::timestamptz`, f.to);
    if (f.q) add((n) => `content->'commodity'->>'description' ILIKE '%' || ${n} || '%'`, f.q.replace(/[%_\\]/g, '\\$&'));
    if (f.cursor) add((n) => `seq < ${n}::bigint`, f.cursor);
    params.push(f.limit + 1);
    const rows: HubAlertRow[] = await this.db.query(
      `SELECT * FROM hub_alerts WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, f.limit);
    return {
      items: page.map((r) => toHubAlertView(r, principal)),
      nextCursor: rows.length > f.limit ? String(page[page.length - 1].seq) : null,
    };
  }
}
