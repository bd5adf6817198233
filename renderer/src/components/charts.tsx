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
import { formatChartNumber } from '../format.ts'

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

/** The figure around a chart: caption, the empty-state sentence, the summary for readers. */
function ChartFigure({
  title,
  points,
  summary,
  empty,
  children
}: ChartProps & { children: React.ReactElement }) {
  return (
    <figure className="card">
      <figcaption>
        <strong>{title}</strong>
      </figcaption>
      {points.length === 0 && empty ? (
        <p className="muted">{empty}</p>
      ) : (
        <div className="chart" role="img" aria-label={summary}>
          <ResponsiveContainer width="100%" height="100%">
            {children}
          </ResponsiveContainer>
        </div>
      )}
    </figure>
  )
}

/** Grid, axes and tooltip shared by both kinds of chart. */
function frame({ title, unit }: ChartProps) {
  return [
    <CartesianGrid key="grid" stroke="var(--border)" vertical={false} />,
    <XAxis key="x" dataKey="label" tick={axis} />,
    <YAxis key="y" tick={axis} width={50} tickFormatter={formatChartNumber} />,
    <Tooltip
      key="tip"
      contentStyle={tooltipStyle}
      formatter={(v) => [`${formatChartNumber(Number(v))} ${unit}`, title]}
    />
  ]
}

const margin = { top: 10, right: 10, bottom: 0, left: 0 }

export function BarSeries(props: ChartProps) {
  return (
    <ChartFigure {...props}>
      <BarChart data={props.points} margin={margin}>
        {frame(props)}
        <Bar dataKey="value" fill="var(--chart-1)" isAnimationActive={false} />
      </BarChart>
    </ChartFigure>
  )
}

export function LineSeries(props: ChartProps) {
  return (
    <ChartFigure {...props}>
      <LineChart data={props.points} margin={margin}>
        {frame(props)}
        <Line
          dataKey="value"
          stroke="var(--chart-2)"
          strokeWidth={2}
          dot
          isAnimationActive={false}
        />
      </LineChart>
    </ChartFigure>
  )
}
