/** Pieces every dashboard table shares: figures that open the alerts behind them, quantities, CSV. */
import { useState, type ReactNode } from 'react';
import type { TrendRow } from '../api';
import { href } from '../app/router';
import { useSession } from '../app/session';
import { fill, formats } from '../i18n';
import { downloadCsv } from './csv';

/** Filters of the hub's list that name the alerts behind a figure (`#/dashboard/alerts?…`). */
export type Behind = Record<string, string | undefined>;
export const DRILL_PATH = '/dashboard/alerts';

/** A figure as a link to the alerts behind it: reachable by keyboard, opens in a new tab, bookmarkable. */
export function Figure(props: { behind: Behind; children: ReactNode; testId?: string }) {
  return (
    <a className="figure" href={href(DRILL_PATH, props.behind)} data-testid={props.testId}>
      {props.children}
    </a>
  );
}

/** Column headers of numeric columns (right-aligned). */
export function NumHeads(props: { labels: readonly string[] }) {
  return (
    <>
      {props.labels.map((l) => (
        <th key={l} scope="col" className="num">
          {l}
        </th>
      ))}
    </>
  );
}

/** Header cells for a count and the quantities beside it. */
export function CountHeads() {
  const { m } = useSession();
  return <NumHeads labels={[m.count, m.kg, m.litres, m.pieces]} />;
}

/** The quantities of a trend row (kg, litres, pieces), formatted for the chosen language. */
export function QuantityCells(props: { q: TrendRow['quantity'] }) {
  const { m, lang } = useSession();
  const f = formats(lang);
  return (
    <>
      <td className="num" data-label={m.kg}>
        {f.quantity(props.q.kg)}
      </td>
      <td className="num" data-label={m.litres}>
        {f.quantity(props.q.litres)}
      </td>
      <td className="num" data-label={m.pieces}>
        {f.count(props.q.pieces)}
      </td>
    </>
  );
}

/** A card's heading with its CSV button: the API's own CSV of the same figures (an export, logged). */
export function CardHead(props: { title: string; id: string; csv: { path: string; query: Behind } }) {
  const { m, token, lang, onUnauthorized } = useSession();
  const [failed, setFailed] = useState('');
  const download = () => {
    setFailed('');
    downloadCsv(token, props.csv.path, props.csv.query, lang, onUnauthorized).catch((e: Error) => setFailed(`${m.error}: ${e.message}`));
  };
  return (
    <div className="card-head">
      <h2 id={props.id} data-testid={`title-${props.id}`}>
        {props.title}
      </h2>
      <button type="button" className="secondary" data-testid={`csv-${props.id}`} aria-label={fill(m.downloadCsv, { title: props.title })} onClick={download}>
        {m.csv}
      </button>
      {failed && (
        <p className="error" role="alert">
          {failed}
        </p>
      )}
    </div>
  );
}

/** Totals of trend rows: count and quantities. */
export function total(rows: TrendRow[]): TrendRow {
  return rows.reduce<TrendRow>(
    (a, r) => ({
      key: '',
      count: a.count + r.count,
      quantity: {
        kg: a.quantity.kg + r.quantity.kg,
        litres: a.quantity.litres + r.quantity.litres,
        pieces: a.quantity.pieces + r.quantity.pieces,
        containers: a.quantity.containers + r.quantity.containers,
      },
    }),
    { key: '', count: 0, quantity: { kg: 0, litres: 0, pieces: 0, containers: 0 } },
  );
}
