import { useEffect, useRef } from 'react';
import { Chart, registerables, type ChartConfiguration } from 'chart.js';

Chart.register(...registerables);

/**
 * A Chart.js chart. The figures are also written to `data-values`, so what the chart shows can be
 * checked (and read by assistive tools) without reading pixels.
 */
export function ChartView(props: { id: string; config: ChartConfiguration; onPick?: (label: string, series?: string) => void }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      ...props.config,
      options: {
        ...props.config.options,
        animation: false,
        onClick: (_e, elements) => {
          const el = elements[0];
          if (!el || !props.onPick) return;
          const raw = chart.data.labels?.[el.index];
          const label = typeof raw === 'string' || typeof raw === 'number' ? String(raw) : '';
          props.onPick(label, chart.data.datasets[el.datasetIndex]?.label);
        },
      },
    });
    return () => chart.destroy();
  }, [props.config]);
  const values = props.config.data.datasets.map((d) => ({ label: d.label, data: d.data }));
  return (
    <div className="chart" data-testid={props.id} data-labels={JSON.stringify(props.config.data.labels)} data-values={JSON.stringify(values)}>
      <canvas ref={canvas} />
    </div>
  );
}
