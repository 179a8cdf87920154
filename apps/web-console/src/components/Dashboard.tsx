import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type { ChartConfiguration } from 'chart.js';
import type { EffectivenessRow, Range, TrendRow } from '../api';
import { navigate } from '../app/router';
import { useSession } from '../app/session';
import { commodityLabel, fill, formats, label } from '../i18n';
import { ChartView } from './ChartView';
import { CardHead, DRILL_PATH, Figure, QuantityCells, CountHeads, NumHeads, total, type Behind } from './dashboard-parts';
import { useFeedChanges } from '../app/live-feed';

const COLORS = ['#1f6feb', '#d29922', '#2da44e', '#cf222e', '#8250df', '#bf3989', '#57606a', '#0a7ea4', '#9a6700'];
/** Counts are whole numbers: no 0.5 steps on the axis. */
const COUNT_SCALE = { y: { beginAtZero: true, ticks: { precision: 0 } } };
const day = (d: Date) => d.toISOString().slice(0, 10);
const monthEnd = (m: string) => {
  const d = new Date(`${m}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return day(d);
};
const later = (a: string, b?: string) => (b && b > a ? b : a);
const earlier = (a: string, b?: string) => (b && b < a ? b : a);
const routeText = (key: string) => key.replace(/>/g, ' → ').replace(/\+/g, ', ');

interface Figures {
  series: TrendRow[];
  ports: TrendRow[];
  routes: TrendRow[];
  effect: EffectivenessRow[];
}

/**
 * The coordinator's dashboard: every figure under the caller's access rules, every figure a link to
 * the alerts behind it, every table and chart with the API's CSV, and the figures kept current by the
 * live feed without a reload.
 */
export function Dashboard() {
  const { hub: api, m, lang } = useSession();
  const f = formats(lang);
  const [range, setRange] = useState<Range>({ from: '2026-01-01', to: day(new Date(Date.now() + 86_400_000)) });
  const [draft, setDraft] = useState(range);
  const [figures, setFigures] = useState<Figures>({ series: [], ports: [], routes: [], effect: [] });
  const [updated, setUpdated] = useState<Date | null>(null);
  const [tick, setTick] = useState(0);
  const [error, setError] = useState('');

  useEffect(() => {
    let current = true;
    Promise.all([
      api.seizures('month', range, 'commodity'),
      api.seizures('unit', range),
      api.seizures('route', range),
      api.effectivenessBy('receivingAgency', range),
    ]).then(
      ([series, ports, routes, effect]) => {
        if (!current) return;
        setError('');
        setFigures({ series, ports, routes: routes.slice(0, 8), effect });
        setUpdated(new Date());
      },
      (err: Error) => current && setError(`${m.error}: ${err.message}`),
    );
    return () => {
      current = false;
    };
  }, [api, range, tick]);

  // A burst of changes (a bulk upload) reloads the figures once.
  const pending = useRef<ReturnType<typeof setTimeout>>(undefined);
  const changed = useCallback(() => {
    clearTimeout(pending.current);
    pending.current = setTimeout(() => setTick((t) => t + 1), 500);
  }, []);
  useEffect(() => () => clearTimeout(pending.current), []);
  const feed = useFeedChanges(changed);

  const { series, ports, routes, effect } = figures;
  const months = useMemo(() => everyMonth(series.map((r) => r.key)), [series]);
  const commodities = useMemo(() => [...new Set(series.map((r) => r.series!))].sort(), [series]);
  const seizures: Behind = { kind: 'seizure', from: range.from, to: range.to };
  const inMonth = (month: string, commodity: string): Behind => ({
    ...seizures,
    commodity,
    from: later(month, range.from),
    to: earlier(monthEnd(month), range.to),
  });
  const sum = total(ports);

  const lineConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        labels: months.map((mo) => f.month(mo)),
        datasets: commodities.map((c, i) => ({
          label: commodityLabel(m, c),
          borderColor: COLORS[i % COLORS.length],
          backgroundColor: COLORS[i % COLORS.length],
          data: months.map((mo) => series.find((r) => r.key === mo && r.series === c)?.count ?? 0),
        })),
      },
      options: { locale: f.locale, responsive: true, maintainAspectRatio: false, scales: COUNT_SCALE, plugins: { legend: { position: 'bottom' } } },
    }),
    [series, lang],
  );
  const barConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: { labels: ports.map((p) => p.key), datasets: [{ label: m.count, data: ports.map((p) => p.count), backgroundColor: '#1f6feb' }] },
      options: { locale: f.locale, responsive: true, maintainAspectRatio: false, scales: COUNT_SCALE, plugins: { legend: { display: false } } },
    }),
    [ports, lang],
  );
  const topMonth = [...months].sort((a, b) => monthTotal(series, b) - monthTotal(series, a))[0];
  const seriesSummary = months.length
    ? fill(m.chartSummarySeries, { count: f.count(total(series).count), months: months.length, top: f.month(topMonth) })
    : m.noData;
  const portsSummary = ports.length ? fill(m.chartSummaryBars, { count: f.count(sum.count), n: ports.length, top: ports[0].key }) : m.noData;
  const csvRange = { from: range.from, to: range.to };

  return (
    <>
      <section className="filters card" aria-label={m.seizuresInRange}>
        <label>
          {m.from} <input type="date" data-testid="from" value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          {m.to} <input type="date" data-testid="to" value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button type="button" data-testid="apply" onClick={() => setRange(draft)}>
          {m.apply}
        </button>
        <p className={`live ${feed}`} data-testid="live" data-state={feed} role="status">
          {feed === 'live' ? m.live : feed === 'down' ? m.notLive : m.loading}
          {updated && <> · {fill(m.updatedAt, { time: f.time(updated) })}</>}
        </p>
        <p className="hint">{m.clickToDrill}</p>
      </section>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <section className="card totals" aria-labelledby="totals-title">
        <h2 id="totals-title">{m.seizuresInRange}</h2>
        <dl>
          <div>
            <dt>{m.count}</dt>
            <dd>
              <Figure behind={seizures} testId="total-seizures">
                {f.count(sum.count)}
              </Figure>
            </dd>
          </div>
          <div>
            <dt>{m.kg}</dt>
            <dd data-testid="total-kg">{f.quantity(sum.quantity.kg)}</dd>
          </div>
          <div>
            <dt>{m.litres}</dt>
            <dd data-testid="total-litres">{f.quantity(sum.quantity.litres)}</dd>
          </div>
          <div>
            <dt>{m.pieces}</dt>
            <dd data-testid="total-pieces">{f.count(sum.quantity.pieces)}</dd>
          </div>
        </dl>
      </section>
      <div className="grid">
        <section className="card wide" aria-labelledby="series">
          <CardHead
            id="series"
            title={m.seizuresByCommodity}
            csv={{ path: '/api/trends/seizures', query: { groupBy: 'month', series: 'commodity', ...csvRange } }}
          />
          {months.length ? (
            <ChartView
              id="chart-series"
              config={lineConfig}
              summary={seriesSummary}
              tableLabel={m.figuresAsTable}
              onPick={(i, d) => navigate(DRILL_PATH, inMonth(months[i], commodities[d]))}
              table={
                <table className="stack">
                  <thead>
                    <tr>
                      <th scope="col">{m.month}</th>
                      <th scope="col">{m.commodity}</th>
                      <CountHeads />
                    </tr>
                  </thead>
                  <tbody>
                    {series.map((r) => (
                      <tr key={`${r.key}/${r.series}`}>
                        <td data-label={m.month}>{f.month(r.key)}</td>
                        <td data-label={m.commodity}>{commodityLabel(m, r.series!)}</td>
                        <td className="num" data-label={m.count}>
                          <Figure behind={inMonth(r.key, r.series!)}>{f.count(r.count)}</Figure>
                        </td>
                        <QuantityCells q={r.quantity} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              }
            />
          ) : (
            <p>{m.noData}</p>
          )}
        </section>
        <section className="card" aria-labelledby="ports">
          <CardHead id="ports" title={m.byPort} csv={{ path: '/api/trends/seizures', query: { groupBy: 'unit', ...csvRange } }} />
          {ports.length ? (
            <ChartView
              id="chart-ports"
              config={barConfig}
              summary={portsSummary}
              tableLabel={m.figuresAsTable}
              onPick={(i) => navigate(DRILL_PATH, { ...seizures, unit: ports[i].key })}
              table={
                <table className="stack" data-testid="ports-table">
                  <thead>
                    <tr>
                      <th scope="col">{m.unit}</th>
                      <CountHeads />
                    </tr>
                  </thead>
                  <tbody>
                    {ports.map((r) => (
                      <tr key={r.key}>
                        <td data-label={m.unit}>{r.key}</td>
                        <td className="num" data-label={m.count}>
                          <Figure behind={{ ...seizures, unit: r.key }}>{f.count(r.count)}</Figure>
                        </td>
                        <QuantityCells q={r.quantity} />
                      </tr>
                    ))}
                  </tbody>
                </table>
              }
            />
          ) : (
            <p>{m.noData}</p>
          )}
        </section>
        <section className="card" aria-labelledby="routes-title">
          <CardHead id="routes-title" title={m.routes} csv={{ path: '/api/trends/seizures', query: { groupBy: 'route', ...csvRange } }} />
          <table className="stack" data-testid="routes">
            <thead>
              <tr>
                <th scope="col">{m.route}</th>
                <CountHeads />
              </tr>
            </thead>
            <tbody>
              {routes.map((r) => (
                <tr key={r.key}>
                  <td data-label={m.route}>{routeText(r.key)}</td>
                  <td className="num" data-label={m.count}>
                    <Figure behind={{ ...seizures, route: r.key }}>{f.count(r.count)}</Figure>
                  </td>
                  <QuantityCells q={r.quantity} />
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card wide" aria-labelledby="effectiveness-title">
          <CardHead
            id="effectiveness-title"
            title={m.effectivenessByReceiver}
            csv={{ path: '/api/trends/effectiveness', query: { groupBy: 'receivingAgency', ...csvRange } }}
          />
          <p className="help" id="effectiveness-help">
            {m.effectivenessHelp}
          </p>
          <Effectiveness rows={effect} range={range} />
        </section>
      </div>
    </>
  );
}

/** Every month from the first to the last with a figure: a month without seizures is a zero, not a gap. */
function everyMonth(keys: string[]): string[] {
  const sorted = [...new Set(keys)].sort();
  const out: string[] = [];
  for (let m = sorted[0]; m && m <= sorted[sorted.length - 1]; m = monthEnd(m)) out.push(m);
  return out;
}

function monthTotal(series: TrendRow[], month: string): number {
  return series.filter((r) => r.key === month).reduce((a, r) => a + r.count, 0);
}

/** Effectiveness by the agency asked to act: asked = answered + overdue + not answered yet. */
function Effectiveness(props: { rows: EffectivenessRow[]; range: Range }) {
  const { m, lang } = useSession();
  const f = formats(lang);
  if (!props.rows.length) return <p>{m.noData}</p>;
  const asked = (agency: string, answer?: string): Behind => ({ askedOf: agency, answer, raisedFrom: props.range.from, raisedTo: props.range.to });
  return (
    <table className="stack" data-testid="effectiveness" aria-describedby="effectiveness-help">
      <thead>
        <tr>
          <th scope="col">{m.askedAgency}</th>
          <NumHeads labels={[m.alertsAsked, m.answered, m.overdueNoAnswer, m.notAnsweredYet, m.hits, m.hitRateOfAnswered, m.medianHours]} />
        </tr>
      </thead>
      <tbody>
        {props.rows.map((r) => (
          <tr key={r.key} data-agency={r.key}>
            <th scope="row" data-label={m.askedAgency}>
              {label(m, 'agencies', r.key)}
            </th>
            <td className="num" data-label={m.alertsAsked} data-testid="asked">
              <Figure behind={asked(r.key)}>{f.count(r.alerts)}</Figure>
            </td>
            <td className="num" data-label={m.answered} data-testid="answered">
              <Figure behind={asked(r.key, 'given')}>{f.count(r.feedbackGiven)}</Figure>
            </td>
            <td className="num" data-label={m.overdueNoAnswer} data-testid="overdue">
              <Figure behind={asked(r.key, 'overdue')}>{f.count(r.overdue)}</Figure>
            </td>
            <td className="num" data-label={m.notAnsweredYet} data-testid="unanswered">
              <Figure behind={asked(r.key, 'unanswered')}>{f.count(r.alerts - r.feedbackGiven - r.overdue)}</Figure>
            </td>
            <td className="num" data-label={m.hits} data-testid="hits">
              <Figure behind={asked(r.key, 'seizure')}>{f.count(r.hits)}</Figure>
            </td>
            <td className="num" data-label={m.hitRateOfAnswered}>
              {r.hitRate === null ? '—' : f.percent(r.hitRate)}
            </td>
            <td className="num" data-label={m.medianHours}>
              {r.medianHoursToFeedback === null ? '—' : f.quantity(r.medianHoursToFeedback)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
