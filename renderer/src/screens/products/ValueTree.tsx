import { useTranslation } from 'react-i18next'
import type { TreeRow } from '../../api-types.ts'
import { formatDuration, formatMinutes } from '../../format.ts'

/** The proposal's table (§4.2): element t, its children c(t), d(t), v(t), v*(t). */
export function ValueTree({ rows }: { rows: TreeRow[] }) {
  const { t } = useTranslation()
  const byElement = new Map(rows.map((r) => [r.element, r]))
  const label = (id: string) => byElement.get(id)?.product || id.slice(0, 8)
  // Root first, then the rest in the order of the view.
  const ordered = [...rows].sort((a, b) => Number(b.root) - Number(a.root))
  return (
    <div className="table-wrap">
      <table>
        <caption className="visually-hidden">{t('products:tree.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">t</th>
            <th scope="col">c(t)</th>
            <th scope="col" className="num">
              d(t)
            </th>
            <th scope="col" className="num">
              v(t)
            </th>
            <th scope="col" className="num">
              v*(t)
            </th>
            <th scope="col" className="num">
              {t('products:tree.age')}
            </th>
            <th scope="col" className="num">
              {t('products:tree.transferred')}
            </th>
          </tr>
        </thead>
        <tbody>
          {ordered.map((r) => (
            <tr key={r.element}>
              <th scope="row">
                {r.product || r.element.slice(0, 8)}{' '}
                {r.root && <span className="muted">({t('products:tree.root')})</span>}
              </th>
              <td>{r.children.length ? r.children.map(label).join(', ') : '∅'}</td>
              <td className="num">{formatDuration(r.d)}</td>
              <td className="num">{formatMinutes(r.v)}</td>
              <td className="num">{formatMinutes(r.vStar)}</td>
              <td className="num">{formatDuration(r.age)}</td>
              <td className="num">{formatMinutes(r.transferred)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
