import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { withholdPersonalData } from '@cix/access-control';
import type { AlertState } from '@cix/contracts';
import { toNodeAlertView, type NodeAlertView } from '../../domain/node-alert.view.js';
import { ListAlertsQuery } from './list-alerts.query.js';

export interface AlertPage {
  readonly items: NodeAlertView[];
  readonly nextCursor: string | null;
}

/** Newest first, from node_alerts (kept by the append transaction, so never behind). */
@QueryHandler(ListAlertsQuery)
export class ListAlertsHandler implements IQueryHandler<ListAlertsQuery, AlertPage> {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async execute({ filters: f, principal }: ListAlertsQuery): Promise<AlertPage> {
    const where: string[] = ['true'];
    const params: unknown[] = [];
    const add = (sql: (n: string) => string, value: unknown) => {
      params.push(value);
      where.push(sql(`$${params.length}`));
    };
    if (f.unit) add((n) => `unit = ${n}`, f.unit);
    if (f.kind) add((n) => `kind = ${n}`, f.kind);
    if (f.commodity) add((n) => `category = ${n}`, f.commodity);
    if (f.container) add((n) => `containers @> ARRAY[${n}::text]`, f.container);
    if (f.from) add((n) => `occurred_at >= ${n}::timestamptz`, f.from);
    if (f.to) add((n) => `occurred_at < ${n}::timestamptz`, f.to);
    if (f.status === 'expired') where.push(`status = 'open' AND expires_at <= now()`);
    else if (f.status === 'open') where.push(`status = 'open' AND expires_at > now()`);
    else if (f.status) add((n) => `status = ${n}`, f.status);
    if (f.cursor) add((n) => `seq < ${n}::bigint`, f.cursor);
    params.push(f.limit + 1);
    const rows: Array<{ seq: string; state: AlertState }> = await this.db.query(
      `SELECT seq, state FROM node_alerts WHERE ${where.join(' AND ')} ORDER BY seq DESC LIMIT $${params.length}`,
      params,
    );
    const page = rows.slice(0, f.limit);
    return {
      items: page.map((r) =>
        withholdPersonalData(
          principal,
          { agency: r.state.agency, level: r.state.distribution.level, recipients: r.state.distribution.recipients },
          toNodeAlertView(r.state),
        ),
      ),
      nextCursor: rows.length > f.limit ? String(page[page.length - 1].seq) : null,
    };
  }
}
