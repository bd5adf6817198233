// The steps of a production run, one small form each.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { transferredAt } from '../../../../core/economics/mop-transfer.ts'
import type { Lot, Production } from '../../api-types.ts'
import {
  CheckField,
  ChoiceField,
  DurationUnitField,
  NumberField,
  SubmitRow
} from '../../components/fields.tsx'
import { explain, hoursOf, quantityOf } from '../../components/forms.ts'
import { useAction } from '../../components/useAction.ts'
import { ErrorText, Field } from '../../components/ui.tsx'
import {
  formatQuantity,
  formatTime,
  MINUTES_PER,
  performedAt,
  isFutureDay,
  toBig,
  type DurationUnit
} from '../../format.ts'
import { useProducts, useWalletList } from '../../hooks.ts'
import { PeopleState } from '../people/PeopleState.tsx'
import { WorkMonthPicker } from '../people/WorkMonthPicker.tsx'
import { mergeWallets } from '../../people.ts'

const today = () => new Date().toISOString().slice(0, 10)

export function WorkloadForm({ production }: { production: Production }) {
  const { t } = useTranslation()
  // Besides this month's and last month's people, those of a month the clerk chooses.
  const [month, setMonth] = useState<string | null>(null)
  const booked = useWalletList(month)
  const people = booked.list
  const [wallet, setWallet] = useState('')
  const [hours, setHours] = useState('')
  const [day, setDay] = useState(today)
  const h = hoursOf(hours)
  const errors = {
    wallet: /^[0-9a-f]{64}$/.test(wallet) ? null : t('orders:errors.wallet'),
    hours: explain(t, h),
    day: !day ? t('errors.required') : isFutureDay(day) ? t('orders:errors.futureDay') : null
  }
  const action = useAction(
    () =>
      errors.wallet || errors.hours || errors.day || !h.ok
        ? null
        : {
            type: 'production.workload',
            body: {
              production: production.id,
              wallet,
              minutes: h.value.toString(),
              performedAt: performedAt(day)
            }
          },
    {
      onDone: () => setHours(''),
      fields: {
        WORKLOAD_IN_FUTURE: 'day',
        PERIOD_CLOSED: 'day',
        PRODUCTION_DONE: 'hours',
        WORKDAY_FULL: 'hours'
      }
    }
  )
  return (
    <form className="card stack" onSubmit={action.onSubmit} noValidate>
      <h3>{t('orders:workload.title')}</h3>
      <ChoiceField
        label={t('orders:workload.person')}
        hint={
          booked.state === 'ready' && people.length === 0 ? t('orders:workload.noPeople') : undefined
        }
        error={action.touched ? errors.wallet : null}
        value={wallet}
        onChange={setWallet}
        // The person chosen stays on the list when another month is chosen.
        options={mergeWallets(people, wallet ? [wallet] : []).map((x) => ({ value: x.key, label: x.name }))}
      />
      <PeopleState people={booked} />
      {booked.state === 'ready' && <WorkMonthPicker value={month} onChange={setMonth} monthWorkers={booked.monthWorkers} />}
      <div className="row">
        <Field
          label={t('orders:workload.hours')}
          hint={t('orders:hoursHint')}
          error={(action.touched ? errors.hours : null) ?? action.fieldError('hours')}
        >
          {(p) => (
            <input {...p} value={hours} onChange={(e) => setHours(e.target.value)} size={6} />
          )}
        </Field>
        <Field
          label={t('orders:workload.day')}
          error={(action.touched ? errors.day : null) ?? action.fieldError('day')}
        >
          {(p) => (
            <input
              {...p}
              type="date"
              value={day}
              max={today()}
              onChange={(e) => setDay(e.target.value)}
            />
          )}
        </Field>
      </div>
      <SubmitRow action={action} className="primary">
        {t('orders:workload.submit')}
      </SubmitRow>
    </form>
  )
}

export function ConsumeForm({ production, lots }: { production: Production; lots: Lot[] }) {
  const { t } = useTranslation()
  const products = useProducts()
  const [lot, setLot] = useState('')
  const [quantity, setQuantity] = useState('')
  const [asComponent, setAsComponent] = useState(false)
  const q = quantityOf(quantity)
  const chosen = lots.find((l) => l.id === lot)
  const errors = {
    lot: chosen ? null : t('orders:errors.lot'),
    quantity:
      explain(t, q) ??
      (chosen && q.ok && q.value > toBig(chosen.quantity)
        ? t('stock:errors.tooMuch', { quantity: chosen.quantity })
        : null)
  }
  const action = useAction(
    () =>
      errors.lot || errors.quantity || !q.ok
        ? null
        : {
            type: 'production.consume',
            body: {
              production: production.id,
              lot,
              quantity: q.value.toString(),
              ...(asComponent ? { asComponent: true } : {})
            }
          },
    {
      onDone: () => setQuantity(''),
      fields: {
        QUANTITY_TOO_LARGE: 'quantity',
        LOT_ALLOCATED: 'lot',
        UNKNOWN_LOT: 'lot',
        COMMONS_USES_EXCLUSIVE: 'lot',
        COMPONENT_NEEDS_DURABILITY: 'lot'
      }
    }
  )
  const usable = lots.filter((l) => !l.allocatedTo)
  return (
    <form className="card stack" onSubmit={action.onSubmit} noValidate>
      <h3>{t('orders:consume.title')}</h3>
      <ChoiceField
        label={t('orders:consume.lot')}
        error={(action.touched ? errors.lot : null) ?? action.fieldError('lot')}
        value={lot}
        onChange={setLot}
        options={usable.map((l) => ({
          value: l.id,
          label: `${l.productName || products.name(l.product)}: ${formatQuantity(
            l.quantity,
            products.byId.get(l.product)?.unit
          )}, ${formatTime(l.value)}`
        }))}
      />
      <NumberField
        label={t('stock:quantity')}
        error={(action.touched ? errors.quantity : null) ?? action.fieldError('quantity')}
        value={quantity}
        onChange={setQuantity}
        size={8}
      />
      <CheckField
        label={t('orders:consume.asComponent')}
        checked={asComponent}
        onChange={setAsComponent}
      />
      <SubmitRow action={action} className="primary">
        {t('orders:consume.submit')}
      </SubmitRow>
    </form>
  )
}

export function AllocateForm({ production, lots }: { production: Production; lots: Lot[] }) {
  const { t } = useTranslation()
  const products = useProducts()
  const [lot, setLot] = useState('')
  const [repurposed, setRepurposed] = useState(false)
  const machines = lots.filter(
    (l) => !l.allocatedTo && products.byId.get(l.product)?.kind === 'meansOfProduction'
  )
  const action = useAction(() =>
    lot
      ? {
          type: 'production.allocate',
          body: { production: production.id, lot, ...(repurposed ? { repurposed: true } : {}) }
        }
      : null
  )
  return (
    <form className="card stack" onSubmit={action.onSubmit} noValidate>
      <h3>{t('orders:allocate.title')}</h3>
      <ChoiceField
        label={t('orders:allocate.machine')}
        hint={machines.length === 0 ? t('orders:allocate.none') : undefined}
        error={action.touched && !lot ? t('orders:errors.lot') : null}
        value={lot}
        onChange={setLot}
        options={machines.map((l) => ({
          value: l.id,
          label: `${l.productName || products.name(l.product)} (${formatTime(l.value)})`
        }))}
      />
      {production.commons && (
        <CheckField
          label={t('orders:allocate.repurposed')}
          checked={repurposed}
          onChange={setRepurposed}
        />
      )}
      <SubmitRow action={action}>{t('orders:allocate.submit')}</SubmitRow>
    </form>
  )
}

/** Wear of a machine used `minutes` more, exactly as the ledger will compute it. */
export function wearOf(lot: Lot | undefined, minutes: bigint): bigint | null {
  if (!lot?.tree) return null
  let sum = 0n
  for (const r of lot.tree) {
    const target = transferredAt(toBig(r.v), toBig(r.d), toBig(r.age) + minutes)
    const done = toBig(r.transferred)
    if (target > done) sum += target - done
  }
  return sum
}

export function ReleaseForm({
  production,
  lotId,
  lot,
  repurposed
}: {
  production: Production
  lotId: string
  lot: Lot | undefined
  repurposed: boolean
}) {
  const { t } = useTranslation()
  const products = useProducts()
  const [used, setUsed] = useState('')
  const [unit, setUnit] = useState<DurationUnit>('h')
  const u = quantityOf(used)
  const error = explain(t, u, { positive: false })
  const minutes = u.ok ? u.value * MINUTES_PER[unit] : 0n
  const wear = u.ok ? wearOf(lot, minutes) : null
  const action = useAction(() =>
    error || !u.ok
      ? null
      : {
          type: 'production.deallocate',
          body: { production: production.id, lot: lotId, minutesUsed: minutes.toString() }
        }
  )
  return (
    <form className="row" onSubmit={action.onSubmit} noValidate>
      <strong>{lot ? lot.productName || products.name(lot.product) : lotId.slice(0, 8)}</strong>
      {repurposed && <span className="badge warn">{t('orders:allocate.repurposedBadge')}</span>}
      <NumberField
        label={t('orders:release.used')}
        error={action.touched ? error : null}
        value={used}
        onChange={setUsed}
        size={8}
      />
      <DurationUnitField
        label={t('orders:release.unit')}
        value={unit}
        onChange={setUnit}
        units={['h', 'd', 'Y', 'min']}
      />
      <output aria-live="polite">
        {wear !== null ? t('orders:release.wear', { value: formatTime(wear) }) : ''}
      </output>
      <button type="submit" disabled={action.busy}>
        {t('orders:release.submit')}
      </button>
      <ErrorText error={action.error} />
    </form>
  )
}
