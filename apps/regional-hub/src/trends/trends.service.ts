import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { PROGRAMME_AGENCY, type Principal } from '@cix/auth';
import { queryRows, sql, visibleTo, type SqlFragment } from '@cix/read-model';
import type { EffectivenessRequestDto, SeizureTrendsRequestDto } from './trends.request.dto.js';

export interface SeizureTrendRow {
  readonly key: string;
  readonly series?: string;
  readonly count: number;
  readonly quantity: { readonly kg: number; readonly litres: number; readonly pieces: number; readonly containers: number };
}

export interface EffectivenessRow {
  readonly key: string;
  readonly alerts: number;
  readonly feedbackGiven: number;
  readonly overdue: number;
  readonly hits: number;
  readonly hitRate: number | null;
  readonly medianHoursToFeedback: number | null;
}

/** A period's key of a cell: constant SQL per period, chosen by name. */
const PERIOD_KEY: Record<string, SqlFragment> = {
  day: sql`to_char(date_trunc('day', day), 'YYYY-MM-DD')`,
  week: sql`to_char(date_trunc('week', day), 'YYYY-MM-DD')`,
  month: sql`to_char(date_trunc('month', day), 'YYYY-MM-DD')`,
};
const PAIR_KEY: Record<EffectivenessRequestDto['groupBy'], SqlFragment> = {
  sendingAgency: sql`pr.agency`,
  receivingAgency: sql`pr.receiver`,
  unit: sql`pr.unit`,
};
const num = (v: unknown) => Number(v ?? 0);

/** Trend figures, always under the caller's access rules (the one visibility clause). */
@Injectable()
export class TrendsService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async seizures(p: Principal, f: SeizureTrendsRequestDto): Promise<{ groupBy: string; rows: SeizureTrendRow[] }> {
    const periodKey = Object.hasOwn(PERIOD_KEY, f.groupBy) ? PERIOD_KEY[f.groupBy] : null;
    // Every cell carries its day, so a period can be crossed with any one dimension (a series).
    const series = periodKey && f.series ? f.series : null;
    const rows = await queryRows<Record<string, unknown>>(
      this.db,
      sql`SELECT ${periodKey ?? sql`key`} AS key, ${series ? sql`key` : sql`NULL`} AS series, sum(count)::int AS count, sum(kg) AS kg, sum(litres) AS litres, sum(pieces) AS pieces, sum(containers) AS containers
         FROM hub_trend_cells WHERE ${sql.and(visibleTo(p), sql`dimension = ${series ?? (periodKey ? 'day' : f.groupBy)}`, f.from && sql`day >= ${f.from}::date`, f.to && sql`day < ${f.to}::date`)}
        GROUP BY 1, 2 HAVING sum(count) > 0 ORDER BY ${periodKey ? sql`1, 2` : sql`3 DESC, 1`}`,
    );
    return {
      groupBy: f.groupBy,
      rows: rows.map((r) => ({
        key: String(r.key),
        ...(series ? { series: String(r.series) } : {}),
        count: num(r.count),
        quantity: { kg: num(r.kg), litres: num(r.litres), pieces: num(r.pieces), containers: num(r.containers) },
      })),
    };
  }

  /**
   * Per (alert, agency asked to act) pair: raised, answered, overdue, hits, median hours to
   * feedback. An amended answer counts once, with its latest outcome; its time is the first answer's. Officers see pairs of their own alerts and pairs where they were asked; the
   * programme sees every pair of the alerts it may see.
   */
  async effectiveness(p: Principal, f: EffectivenessRequestDto): Promise<{ groupBy: string; rows: EffectivenessRow[] }> {
    // The programme sees every pair; an officer the pairs of its own alerts and those where it was asked.
    const pairsOfCaller = p.agency !== PROGRAMME_AGENCY && sql`a.agency = ${p.agency} OR r.receiver = ${p.agency}`;
    const rows = await queryRows<Record<string, unknown>>(
      this.db,
      sql`WITH pairs AS (
         SELECT a.id, a.agency, a.unit, a.status, a.raised_at, a.feedback_due_at, r.receiver
           FROM hub_alerts a
           CROSS JOIN LATERAL unnest(CASE WHEN a.level = 'regional' THEN array_remove(ARRAY['AZ','KZ','TM'], a.agency) ELSE array_remove(a.recipients, 'CCP') END) AS r(receiver)
          WHERE a.kind = 'high-risk-consignment' AND a.status <> 'retracted'
            AND ${sql.and(visibleTo(p, 'a'), f.from && sql`a.raised_at >= ${f.from}::timestamptz`, f.to && sql`a.raised_at < ${f.to}::timestamptz`, pairsOfCaller)})
       SELECT ${PAIR_KEY[f.groupBy]} AS key, count(*)::int AS alerts, count(f.alert_id)::int AS given,
              count(*) FILTER (WHERE f.outcome = 'seizure')::int AS hits,
              count(*) FILTER (WHERE f.alert_id IS NULL AND pr.status = 'open' AND pr.feedback_due_at < now())::int AS overdue,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM coalesce((f.versions->0->>'givenAt')::timestamptz, f.given_at) - pr.raised_at) / 3600) AS median_hours
         FROM pairs pr LEFT JOIN hub_feedback f ON f.alert_id = pr.id AND f.agency = pr.receiver
        GROUP BY 1 ORDER BY 1`,
    );
    return {
      groupBy: f.groupBy,
      rows: rows.map((r) => ({
        key: String(r.key),
        alerts: num(r.alerts),
        feedbackGiven: num(r.given),
        overdue: num(r.overdue),
        hits: num(r.hits),
        hitRate: num(r.given) ? num(r.hits) / num(r.given) : null,
        medianHoursToFeedback: r.median_hours === null ? null : Math.round(num(r.median_hours) * 10) / 10,
      })),
    };
  }
}
