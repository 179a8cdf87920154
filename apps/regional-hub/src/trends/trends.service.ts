import { Inject, Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Principal } from '@cix/auth';
import { visibilityScope } from '@cix/access-control';
import { visibilityClause } from '../alerts/domain/visibility.sql.js';
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

const PERIOD: Record<string, string> = { day: 'day', week: 'week', month: 'month' };
const num = (v: unknown) => Number(v ?? 0);

/** Trend figures, always under the caller's access rules (the one visibility clause). */
@Injectable()
export class TrendsService {
  constructor(@Inject(DataSource) private readonly db: DataSource) {}

  async seizures(p: Principal, f: SeizureTrendsRequestDto): Promise<{ groupBy: string; rows: SeizureTrendRow[] }> {
    const vis = visibilityClause(visibilityScope(p), 1);
    const period = PERIOD[f.groupBy];
    // Every cell carries its day, so a period can be crossed with any one dimension (a series).
    const series = period && f.series ? f.series : null;
    const key = period ? `to_char(date_trunc('${period}', day), 'YYYY-MM-DD')` : 'key';
    const rows = await this.db.query<Array<Record<string, unknown>>>(
      `SELECT ${key} AS key, ${series ? 'key' : 'NULL'} AS series, sum(count)::int AS count, sum(kg) AS kg, sum(litres) AS litres, sum(pieces) AS pieces, sum(containers) AS containers
         FROM hub_trend_cells WHERE ${vis.sql} AND dimension = $4 AND ($5::date IS NULL OR day >= $5::date) AND ($6::date IS NULL OR day < $6::date)
        GROUP BY 1, 2 HAVING sum(count) > 0 ORDER BY ${period ? '1, 2' : '3 DESC, 1'}`,
      [...vis.params, series ?? (period ? 'day' : f.groupBy), f.from ?? null, f.to ?? null],
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
   * feedback. Officers see pairs of their own alerts and pairs where they were asked; the
   * programme sees every pair of the alerts it may see.
   */
  async effectiveness(p: Principal, f: EffectivenessRequestDto): Promise<{ groupBy: string; rows: EffectivenessRow[] }> {
    const vis = visibilityClause(visibilityScope(p), 1, 'a');
    const programme = p.agency === 'CCP';
    const key = { sendingAgency: 'pr.agency', receivingAgency: 'pr.receiver', unit: 'pr.unit' }[f.groupBy];
    const rows = await this.db.query<Array<Record<string, unknown>>>(
      `WITH pairs AS (
         SELECT a.id, a.agency, a.unit, a.status, a.raised_at, a.feedback_due_at, r.receiver
           FROM hub_alerts a
           CROSS JOIN LATERAL unnest(CASE WHEN a.level = 'regional' THEN array_remove(ARRAY['AZ','KZ','TM'], a.agency) ELSE array_remove(a.recipients, 'CCP') END) AS r(receiver)
          WHERE a.kind = 'high-risk-consignment' AND a.status <> 'retracted' AND ${vis.sql}
            AND ($4::timestamptz IS NULL OR a.raised_at >= $4) AND ($5::timestamptz IS NULL OR a.raised_at < $5)
            AND ($6::boolean OR a.agency = $7 OR r.receiver = $7))
       SELECT ${key} AS key, count(*)::int AS alerts, count(f.alert_id)::int AS given,
              count(*) FILTER (WHERE f.outcome = 'seizure')::int AS hits,
              count(*) FILTER (WHERE f.alert_id IS NULL AND pr.status = 'open' AND pr.feedback_due_at < now())::int AS overdue,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM f.given_at - pr.raised_at) / 3600) AS median_hours
         FROM pairs pr LEFT JOIN hub_feedback f ON f.alert_id = pr.id AND f.agency = pr.receiver
        GROUP BY 1 ORDER BY 1`,
      [...vis.params, f.from ?? null, f.to ?? null, programme, p.agency],
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
