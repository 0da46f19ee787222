import type { MetricSeries } from '../api/types';
import { DORA_KEYS } from '../lib/dora-keys';
import { chartSpec } from './chart-data';
import { MetricChart } from './MetricChart';

/** The figures over time (the four keys, time to restore service and rework rate). Its own chunk: recharts loads only with a dashboard. */
export default function MetricCharts({ series, timeZone }: { series: MetricSeries; timeZone: string }) {
  return (
    <div className="charts">
      {DORA_KEYS.map((view) => (
        <MetricChart
          key={view.key}
          title={view.title}
          spec={chartSpec(view.key, series.points, series.interval, timeZone)}
        />
      ))}
    </div>
  );
}
