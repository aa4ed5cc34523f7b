// Charts with Chart.js, loaded on first use so the initial bundle stays small.
import { useEffect, useRef } from 'preact/hooks';
import { locale } from '../i18n';

export interface Series {
  label: string;
  data: number[];
}

interface Props {
  kind: 'bar' | 'line' | 'doughnut';
  labels: string[];
  series: Series[];
  label: string;            // accessible description
  stacked?: boolean;
}

const PALETTE = ['#2563eb', '#16a34a', '#f59e0b', '#dc2626', '#7c3aed', '#0891b2', '#db2777',
                 '#65a30d'];

let chartModule: Promise<typeof import('chart.js')> | null = null;
function loadChart() {
  chartModule ??= import('chart.js').then((m) => {
    m.Chart.register(m.BarController, m.LineController, m.DoughnutController, m.BarElement,
                     m.LineElement, m.PointElement, m.ArcElement, m.CategoryScale,
                     m.LinearScale, m.Tooltip, m.Legend);
    return m;
  });
  return chartModule;
}

export function Chart(props: Props) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    let chart: { destroy(): void } | null = null;
    let cancelled = false;
    void loadChart().then(({ Chart: C }) => {
      if (cancelled || !canvas.current) return;
      const doughnut = props.kind === 'doughnut';
      chart = new C(canvas.current, {
        type: props.kind,
        data: {
          labels: props.labels,
          datasets: props.series.map((s, i) => ({
            label: s.label,
            data: s.data,
            backgroundColor: doughnut ? PALETTE : PALETTE[i % PALETTE.length],
            borderColor: doughnut ? '#fff' : PALETTE[i % PALETTE.length],
          })),
        },
        options: {
          responsive: true,
          maintainAspectRatio: false,
          animation: false,
          locale: locale(),
          scales: doughnut ? {} : { x: { stacked: props.stacked }, y: { stacked: props.stacked } },
          plugins: { legend: { display: props.series.length > 1 || doughnut } },
        },
      });
    });
    return () => {
      cancelled = true;
      chart?.destroy();
    };
  }, [JSON.stringify([props.kind, props.labels, props.series, locale()])]);
  return (
    <div class="chart">
      <canvas ref={canvas} role="img" aria-label={props.label} />
    </div>
  );
}
