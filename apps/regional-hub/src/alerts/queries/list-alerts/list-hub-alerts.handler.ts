import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { visibilityScope } from '@cix/access-control';
import { feedbackFor } from '../../domain/feedback.repository.js';
import { toHubAlertView, type HubAlertRow, type HubAlertView } from '../../domain/hub-alert.view.js';
import { visibilityClause } from '../../domain/visibility.sql.js';
import { ListHubAlertsQuery } from './list-hub-alerts.query.js';
import { ROUTE_KEY_SQL } from '../../../trends/trend-cells.js';
import { LIST_CURSOR, type ListCursorCodec } from '../../domain/list-cursor.js';

export interface HubAlertPage {
  readonly items: HubAlertView[];
  readonly nextCursor: string | null;
}

const like = (s: string) => `%${s.replace(/[%_\\]/g, '\\$&')}%`;

/** Newest first. No totals are returned: a count is one more way to leak what a caller cannot see. */
@QueryHandler(ListHubAlertsQuery)
export class ListHubAlertsHandler implements IQueryHandler<ListHubAlertsQuery, HubAlertPage> {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(LIST_CURSOR) private readonly cursors: ListCursorCodec,
  ) {}

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
    if (f.commodity) add((n) => `category = ${n}`, f.commodity);
    if (f.hsChapter) add((n) => `left(hs_code, 2) = ${n}`, f.hsChapter);
    if (f.imo) add((n) => `state->'content'->'vessel'->>'imo' = ${n}`, f.imo);
    if (f.country)
      add(
        (n) =>
          `(state->'content'->'route'->>'departure' = ${n} OR state->'content'->'route'->>'destination' = ${n} OR state->'content'->'route'->'transit' ? ${n})`,
        f.country,
      );
    if (f.route) add((n) => `${ROUTE_KEY_SQL("state->'content'")} = ${n}`, f.route);
    if (f.from) add((n) => `occurred_at >= ${n}::timestamptz`, f.from);
    if (f.to) add((n) => `occurred_at < ${n}::timestamptz`, f.to);
    if (f.status === 'expired') where.push(`status = 'open' AND expires_at <= now()`);
    else if (f.status === 'open') where.push(`status = 'open' AND expires_at > now()`);
    else if (f.status) add((n) => `status = ${n}`, f.status);
    // Company names only: a person's name must not be findable by those who may not read it.
    if (f.q)
      add(
        (n) => `(state->'content'->'commodity'->>'description' ILIKE ${n} OR EXISTS (SELECT 1 FROM jsonb_array_elements(state->'content'->'parties') p
        WHERE NOT coalesce((p->>'isPerson')::boolean, false) AND p->>'name' ILIKE ${n}))`,
        like(f.q),
      );
    if (f.cursor) add((n) => `seq < ${n}::bigint`, this.cursors.open(f.cursor, principal));
    params.push(f.limit + 1);
    const rows: HubAlertRow[] = await this.db.query(
      `SELECT id, seq, agency, level, recipients, state FROM hub_alerts WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, f.limit);
    const feedback = await feedbackFor(
      this.db,
      page.map((r) => r.id),
    );
    return {
      items: page.map((r) => toHubAlertView(r, principal, feedback.get(r.id))),
      nextCursor: rows.length > f.limit ? this.cursors.seal(String(page[page.length - 1].seq), principal) : null,
    };
  }
}
