import { useEffect, useMemo, useState } from 'react';
import type { ChartConfiguration } from 'chart.js';
import type { AlertFilters, AlertItem, EffectivenessRow, Range, TrendRow } from '../api';
import { useSession } from '../app/session';
import { commodityLabel } from '../i18n';
import { ChartView } from './ChartView';

const COLORS = ['#1f6feb', '#d29922', '#2da44e', '#cf222e', '#8250df', '#bf3989', '#57606a', '#0a7ea4', '#9a6700'];
const monthEnd = (m: string) => {
  const d = new Date(`${m}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + 1);
  return d.toISOString().slice(0, 10);
};

/** The coordinator's dashboard: every figure under the caller's access rules, every figure clickable. */
export function Dashboard() {
  const { hub: api, m } = useSession();
  const [range, setRange] = useState<Range>({ from: '2026-01-01', to: new Date(Date.now() + 86_400_000).toISOString().slice(0, 10) });
  const [draft, setDraft] = useState(range);
  const [series, setSeries] = useState<TrendRow[]>([]);
  const [ports, setPorts] = useState<TrendRow[]>([]);
  const [routes, setRoutes] = useState<TrendRow[]>([]);
  const [effect, setEffect] = useState<EffectivenessRow[]>([]);
  const [drill, setDrill] = useState<{ title: string; items: AlertItem[] } | null>(null);
  const [error, setError] = useState('');

  useEffect(() => {
    setError('');
    Promise.all([api.seizures('month', range, 'commodity'), api.seizures('unit', range), api.seizures('route', range), api.effectiveness(range)]).then(
      ([s, p, r, e]) => {
        setSeries(s);
        setPorts(p);
        setRoutes(r.slice(0, 8));
        setEffect(e);
      },
      (err: Error) => setError(`${m.error}: ${err.message}`),
    );
  }, [api, range]);

  // Both outcomes are handled here, so callers (click handlers) need not await it.
  const show = (title: string, filters: AlertFilters): void =>
    void api.alerts({ from: range.from, to: range.to, ...filters }).then(
      (items) => setDrill({ title, items }),
      (err: Error) => setError(`${m.error}: ${err.message}`),
    );

  const months = useMemo(() => [...new Set(series.map((r) => r.key))].sort(), [series]);
  const commodities = useMemo(() => [...new Set(series.map((r) => r.series!))].sort(), [series]);
  const lineConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'line',
      data: {
        labels: months,
        datasets: commodities.map((c, i) => ({
          label: commodityLabel(m, c),
          borderColor: COLORS[i % COLORS.length],
          backgroundColor: COLORS[i % COLORS.length],
          data: months.map((mo) => series.find((r) => r.key === mo && r.series === c)?.count ?? 0),
        })),
      },
      options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { position: 'bottom' } } },
    }),
    [series, m],
  );
  const barConfig = useMemo<ChartConfiguration>(
    () => ({
      type: 'bar',
      data: { labels: ports.map((p) => p.key), datasets: [{ label: m.count, data: ports.map((p) => p.count), backgroundColor: '#1f6feb' }] },
      options: { responsive: true, maintainAspectRatio: false, plugins: { legend: { display: false } } },
    }),
    [ports, m],
  );
  const total = ports.reduce((a, p) => a + p.count, 0);
  const codeOf = (label: string) => commodities.find((c) => commodityLabel(m, c) === label);

  return (
    <>
      <section className="filters card">
        <label>
          {m.from} <input type="date" data-testid="from" value={draft.from ?? ''} onChange={(e) => setDraft({ ...draft, from: e.target.value })} />
        </label>
        <label>
          {m.to} <input type="date" data-testid="to" value={draft.to ?? ''} onChange={(e) => setDraft({ ...draft, to: e.target.value })} />
        </label>
        <button data-testid="apply" onClick={() => setRange(draft)}>
          {m.apply}
        </button>
        <span className="total">
          {m.totalSeizures}: <strong data-testid="total-seizures">{total}</strong>
        </span>
        <span className="hint">{m.clickToDrill}</span>
      </section>
      {error && (
        <p className="error" role="alert">
          {error}
        </p>
      )}
      <div className="grid">
        <section className="card wide">
          <h2 data-testid="title-series">{m.seizuresByCommodity}</h2>
          {months.length ? (
            <ChartView
              id="chart-series"
              config={lineConfig}
              onPick={(month, label) => show(`${label} · ${month}`, { commodity: codeOf(label ?? ''), from: month, to: monthEnd(month) })}
            />
          ) : (
            <p>{m.noData}</p>
          )}
        </section>
        <section className="card">
          <h2>{m.byPort}</h2>
          {ports.length ? <ChartView id="chart-ports" config={barConfig} onPick={(unit) => show(unit, { unit })} /> : <p>{m.noData}</p>}
        </section>
        <section className="card">
          <h2>{m.routes}</h2>
          <table data-testid="routes">
            <thead>
              <tr>
                <th>{m.route}</th>
                <th>{m.count}</th>
              </tr>
            </thead>
            <tbody>
              {routes.map((r) => (
                <tr key={r.key} className="clickable" onClick={() => show(r.key.replace(/>/g, ' → '), { route: r.key })}>
                  <td>{r.key.replace(/>/g, ' → ').replace(/\+/g, ', ')}</td>
                  <td>{r.count}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
        <section className="card">
          <h2>{m.effectiveness}</h2>
          <table data-testid="effectiveness">
            <thead>
              <tr>
                <th>{m.agency}</th>
                <th>{m.alertsAsked}</th>
                <th>{m.feedbackGiven}</th>
                <th>{m.overdue}</th>
                <th>{m.hitRate}</th>
                <th>{m.medianHours}</th>
              </tr>
            </thead>
            <tbody>
              {effect.map((r) => (
                <tr key={r.key} className="clickable" onClick={() => show(r.key, { agency: r.key, kind: 'high-risk-consignment' })}>
                  <td>{r.key}</td>
                  <td>{r.alerts}</td>
                  <td>{r.feedbackGiven}</td>
                  <td>{r.overdue}</td>
                  <td>{r.hitRate === null ? '—' : `${Math.round(r.hitRate * 100)} %`}</td>
                  <td>{r.medianHoursToFeedback ?? '—'}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      </div>
      {drill && (
        <section className="card" data-testid="drill">
          <h2>
            {m.alertsBehind}: {drill.title}
          </h2>
          <table>
            <thead>
              <tr>
                <th>{m.occurredAt}</th>
                <th>{m.agency}</th>
                <th>{m.unit}</th>
                <th>{m.commodity}</th>
                <th>{m.description}</th>
                <th>{m.status}</th>
              </tr>
            </thead>
            <tbody>
              {drill.items.map((a) => (
                <tr key={a.id}>
                  <td>{a.occurredAt.slice(0, 10)}</td>
                  <td>{a.agency}</td>
                  <td>{a.unit}</td>
                  <td>{commodityLabel(m, a.commodity.category)}</td>
                  <td>{a.commodity.description}</td>
                  <td>{a.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </section>
      )}
    </>
  );
}
