// Charts where people would rather look than read. Each chart is a figure with a caption and a
// text summary for screen readers; the numbers are also on the screen in words or tables.
import {
  Bar,
  BarChart,
  CartesianGrid,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis
} from 'recharts'

export interface Point {
  label: string
  value: number
}

interface ChartProps {
  title: string
  /** Shown instead of an empty chart. */
  empty?: string
  points: Point[]
  unit: string
  summary: string
}

const axis = { stroke: 'var(--muted)', fontSize: 12 }
const tooltipStyle = {
  background: 'var(--surface)',
  border: '1px solid var(--border)',
  color: 'var(--text)'
}

export function BarSeries({ title, points, unit, summary, empty }: ChartProps) {
  if (points.length === 0 && empty)
    return (
      <figure className="card">
        <figcaption>
          <strong>{title}</strong>
        </figcaption>
        <p className="muted">{empty}</p>
      </figure>
    )
  return (
    <figure className="card">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <div className="chart" role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={points} margin={{ top: 10, right: 10, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" vertical={false} />
            <XAxis dataKey="label" tick={axis} />
            <YAxis tick={axis} width={50} />
            <Tooltip
              contentStyle={tooltipStyle}
              formatter={(v) => [`${Number(v).toLocaleString()} ${unit}`, title]}
            />
            <Bar dataKey="value" fill="var(--chart-1)" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </figure>
  )
}

export function LineSeries({ title, points, unit, summary, empty }: ChartProps) {
  if (points.length === 0 && empty)
    return (
      <figure className="card">
        <figcaption>
          <strong>{title}</strong>
        </figcaption>
        <p className="muted">{empty}</p>
      </figure>
    )
  return (
    <figure className="card">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      <div className="chart" role="img" aria-label={summary}>
        <ResponsiveContainer width="100%" height="100%">
          <LineChart data={points} margin={{ top: 10, right: 10, bottom: 0, left: 0 }}>
            <CartesianGrid stroke="var(--border)" vertical={false} />
            <XAxis dataKey="label" tick={axis} />
            <YAxis tick={axis} width={50} />
            <Tooltip
              contentStyle={tooltipStyle}
              formatter={(v) => [`${Number(v).toLocaleString()} ${unit}`, title]}
            />
            <Line
              dataKey="value"
              stroke="var(--chart-2)"
              strokeWidth={2}
              dot
              isAnimationActive={false}
            />
          </LineChart>
        </ResponsiveContainer>
      </div>
    </figure>
  )
}
