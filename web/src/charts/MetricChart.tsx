import { useId } from 'react';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { ScrollRegion } from '../components/ScrollRegion';
import type { ChartSpec } from './chart-data';
import { hasFigures } from './has-figures';

interface MetricChartProps {
  title: string;
  spec: ChartSpec;
}

const axisTick = { fill: 'var(--text-muted)', fontSize: 12 };
const tooltipStyle = {
  background: 'var(--surface)',
  border: '1px solid var(--border-strong)',
  borderRadius: 6,
  color: 'var(--text)',
};

/** One key over time, with the same figures as a table for screen readers and keyboard users. */
export function MetricChart({ title, spec }: MetricChartProps) {
  const captionId = useId();
  const hasData = hasFigures(spec);
  const tooltip = (
    <Tooltip
      contentStyle={tooltipStyle}
      labelStyle={{ color: 'var(--text)' }}
      itemStyle={{ color: 'var(--text)' }}
      cursor={{ fill: 'var(--hover)', stroke: 'var(--border-strong)' }}
      formatter={(value) => [typeof value === 'number' ? spec.format(value) : '—', title]}
      labelFormatter={(_, payload) => {
        const row = payload?.[0]?.payload as { period?: string } | undefined;
        return row?.period ?? '';
      }}
    />
  );
  const axes = (
    <>
      <CartesianGrid stroke="var(--border)" vertical={false} />
      <XAxis dataKey="label" tick={axisTick} stroke="var(--border-strong)" minTickGap={12} />
      <YAxis tick={axisTick} stroke="var(--border-strong)" width={44} allowDecimals={spec.kind === 'line'} />
    </>
  );
  return (
    <figure className="card chart" aria-labelledby={captionId}>
      <figcaption id={captionId} className="chart-caption">
        <span className="chart-title">{title}</span> <span className="muted">({spec.unit})</span>
      </figcaption>
      {hasData ? null : (
        <p className="hint">{spec.kind === 'bar' ? 'No deployments in this window.' : 'No figures in this window.'}</p>
      )}
      <div className="chart-area" aria-hidden="true">
        <ResponsiveContainer width="100%" height={200}>
          {spec.kind === 'bar' ? (
            <BarChart data={spec.rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              {axes}
              {tooltip}
              <Bar dataKey="value" fill="var(--chart-1)" radius={[3, 3, 0, 0]} isAnimationActive={false} />
            </BarChart>
          ) : (
            <LineChart data={spec.rows} accessibilityLayer={false} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
              {axes}
              {tooltip}
              <Line
                dataKey="value"
                stroke="var(--chart-1)"
                strokeWidth={2}
                dot={{ r: 3, fill: 'var(--chart-1)' }}
                connectNulls={false}
                isAnimationActive={false}
              />
            </LineChart>
          )}
        </ResponsiveContainer>
      </div>
      <details className="chart-table">
        <summary>Show as a table</summary>
        <ScrollRegion label={`${title} by period`}>
          <table className="table">
            <thead>
              <tr>
                <th scope="col">Period</th>
                <th scope="col">{spec.unit}</th>
              </tr>
            </thead>
            <tbody>
              {spec.rows.map((row) => (
                <tr key={row.period}>
                  <td>{row.period}</td>
                  <td>{row.value === null ? '—' : spec.format(row.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </ScrollRegion>
      </details>
    </figure>
  );
}
