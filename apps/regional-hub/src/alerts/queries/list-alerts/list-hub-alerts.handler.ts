import { Inject } from '@nestjs/common';
import { QueryHandler, type IQueryHandler } from '@nestjs/cqrs';
import { DataSource } from 'typeorm';
import { queryRows, routeKeySql, sql, visibleTo } from '@cix/read-model';
import { feedbackFor } from '../../domain/feedback.repository.js';
import { toHubAlertView, type HubAlertRow, type HubAlertView } from '../../domain/hub-alert.view.js';
import { ListHubAlertsQuery } from './list-hub-alerts.query.js';
import { LIST_CURSOR, type ListCursorCodec } from '../../domain/list-cursor.js';
import { askedOfClause } from './asked-of.sql.js';
import { billOfLadingCondition, companyCondition, freeTextCondition } from './search-conditions.sql.js';

export interface HubAlertPage {
  readonly items: HubAlertView[];
  readonly nextCursor: string | null;
}

/** Newest first. No totals are returned: a count is one more way to leak what a caller cannot see. */
@QueryHandler(ListHubAlertsQuery)
export class ListHubAlertsHandler implements IQueryHandler<ListHubAlertsQuery, HubAlertPage> {
  constructor(
    @Inject(DataSource) private readonly db: DataSource,
    @Inject(LIST_CURSOR) private readonly cursors: ListCursorCodec,
  ) {}

  async execute({ principal, filters: f }: ListHubAlertsQuery): Promise<HubAlertPage> {
    const where = sql.and(
      visibleTo(principal),
      f.container && sql`containers @> ARRAY[${f.container}::text]`,
      f.agency && sql`agency = ${f.agency}`,
      f.unit && sql`unit = ${f.unit}`,
      f.kind && sql`kind = ${f.kind}`,
      f.commodity && sql`category = ${f.commodity}`,
      f.hsChapter && sql`left(hs_code, 2) = ${f.hsChapter}`,
      f.imo && sql`state->'content'->'vessel'->>'imo' = ${f.imo}`,
      f.country &&
        sql`state->'content'->'route'->>'departure' = ${f.country} OR state->'content'->'route'->>'destination' = ${f.country} OR state->'content'->'route'->'transit' ? ${f.country}`,
      f.route && sql`${routeKeySql(sql`state->'content'`)} = ${f.route}`,
      f.from && sql`occurred_at >= ${f.from}::timestamptz`,
      f.to && sql`occurred_at < ${f.to}::timestamptz`,
      f.status === 'expired'
        ? sql`status = 'open' AND expires_at <= now()`
        : f.status === 'open'
          ? sql`status = 'open' AND expires_at > now()`
          : f.status && sql`status = ${f.status}`,
      f.billOfLading && billOfLadingCondition(f.billOfLading),
      f.company && companyCondition(f.company),
      // Never names of persons: a person's name must not be findable by those who may not read it.
      f.q && freeTextCondition(f.q),
      askedOfClause(principal, f),
      f.cursor && sql`seq < ${this.cursors.open(f.cursor, principal)}::bigint`,
    );
    const rows = await queryRows<HubAlertRow>(
      this.db,
      sql`SELECT id, seq, agency, level, recipients, state FROM hub_alerts WHERE ${where} ORDER BY seq DESC LIMIT ${f.limit + 1}`,
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
