import { useEffect, useRef, type ReactNode } from 'react';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';

Chart.register(...registerables);

/**
 * A Chart.js chart with its text alternative: the canvas is an image named by `summary` (also shown
 * under it), and the same figures as a table (`table`, whose cells link to the alerts behind them,
 * so every figure of a chart is reachable by keyboard too). The figures are also written to
 * `data-values`, so what the chart draws can be checked without reading pixels.
 */
export function ChartView(props: {
  id: string;
  config: ChartConfiguration;
  summary: string;
  tableLabel: string;
  table: ReactNode;
  onPick?: (index: number, datasetIndex: number) => void;
}) {
  const canvas = useRef<HTMLCanvasElement>(null);
  const pick = useRef(props.onPick);
  useEffect(() => {
    pick.current = props.onPick;
  }, [props.onPick]);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      ...props.config,
      options: {
        ...props.config.options,
        animation: false,
        onClick: (_e, elements) => {
          const el = elements[0];
          if (el) pick.current?.(el.index, el.datasetIndex);
        },
      },
    });
    return () => chart.destroy();
  }, [props.config]);
  const values = props.config.data.datasets.map((d) => ({ label: d.label, data: d.data }));
  return (
    <figure className="chart-figure">
      <div className="chart" data-testid={props.id} data-labels={JSON.stringify(props.config.data.labels)} data-values={JSON.stringify(values)}>
        <canvas ref={canvas} role="img" aria-label={props.summary} />
      </div>
      <figcaption className="summary" data-testid={`${props.id}-summary`}>
        {props.summary}
      </figcaption>
      <details data-testid={`${props.id}-table`}>
        <summary>{props.tableLabel}</summary>
        {props.table}
      </details>
    </figure>
  );
}
