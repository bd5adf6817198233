// One production run: what went in so far (workloads, consumed inputs, machine wear), the
// machines allocated to it, forms for each step, and the output with its value balance.
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import type { Production } from '../../api-types.ts'
import { formatTime } from '../../format.ts'
import { useMe, useProducts } from '../../hooks.ts'
import { OutputForm } from './OutputForm.tsx'
import { AllocateForm, ConsumeForm, ReleaseForm, WorkloadForm } from './StepForms.tsx'
import { WorkloadRow } from './WorkloadRow.tsx'

export function ProductionPanel({ production: p }: { production: Production }) {
  const { t } = useTranslation()
  const me = useMe()
  const products = useProducts()
  const lots = useApi('view.lots', { owner: me?.id }, { enabled: !!me })
  const workloads = useApi('view.workloads', { collective: me?.id }, { enabled: !!me })
  const ours = (workloads.data ?? []).filter((w) => w.production === p.id)
  const running = p.status === 'running'

  return (
    <div className="stack">
      <table>
        <caption className="visually-hidden">{t('orders:inputs')}</caption>
        <tbody>
          <tr>
            <th scope="row">{t('orders:workloads')}</th>
            <td className="num">{formatTime(p.workloads)}</td>
          </tr>
          <tr>
            <th scope="row">{t('orders:consumed')}</th>
            <td className="num">{formatTime(p.consumed)}</td>
          </tr>
          <tr>
            <th scope="row">{t('orders:transfers')}</th>
            <td className="num">{formatTime(p.transfers)}</td>
          </tr>
          <tr>
            <th scope="row">{t('orders:total')}</th>
            <td className="num">
              <strong>{formatTime(p.value)}</strong>
            </td>
          </tr>
        </tbody>
      </table>
      {ours.length > 0 && (
        <details>
          <summary>{t('orders:workloadList', { count: ours.length })}</summary>
          <ul>
            {ours.map((w) => (
              <WorkloadRow key={w.id} workload={w} running={running} />
            ))}
          </ul>
        </details>
      )}
      {p.components && p.components.length > 0 && (
        <p>
          {t('orders:components')}: {p.components.map((c) => products.name(c.product)).join(', ')}
        </p>
      )}
      {p.allocated.length > 0 && (
        <section aria-label={t('orders:machines')}>
          <h3>{t('orders:machines')}</h3>
          {p.allocated.map((a) => {
            const lot = lots.data?.find((l) => l.id === a.lot)
            return (
              <ReleaseForm
                key={a.lot}
                production={p}
                lotId={a.lot}
                lot={lot}
                repurposed={a.repurposed}
              />
            )
          })}
        </section>
      )}
      {running && (
        <>
          <div className="grid-2">
            <WorkloadForm production={p} />
            <ConsumeForm production={p} lots={lots.data ?? []} />
            <AllocateForm production={p} lots={lots.data ?? []} />
          </div>
          <OutputForm production={p} />
        </>
      )}
    </div>
  )
}
