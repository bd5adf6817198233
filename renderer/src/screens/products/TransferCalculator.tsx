// θ(P, k1, k2) = Σ ρ(t, k1, k2) · v(t) (§4.3), computed exactly the way the ledger wears a
// machine: cumulative T(k) = floor(v · min(k, d) / d) per element, θ = Σ T(k2) − T(k1).
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { transferredAt } from '../../../../core/economics/mop-transfer.ts'
import type { TreeRow } from '../../api-types.ts'
import { DurationUnitField, NumberField } from '../../components/fields.tsx'
import { explain } from '../../components/forms.ts'
import { formatTime, MINUTES_PER, parseQuantity, toBig, type DurationUnit } from '../../format.ts'

export function theta(rows: TreeRow[], k1: bigint, k2: bigint): bigint {
  let sum = 0n
  for (const r of rows)
    sum += transferredAt(toBig(r.v), toBig(r.d), k2) - transferredAt(toBig(r.v), toBig(r.d), k1)
  return sum
}

export function TransferCalculator({ rows }: { rows: TreeRow[] }) {
  const { t } = useTranslation()
  const root = rows.find((r) => r.root)
  const [from, setFrom] = useState(() => root?.age ?? '0')
  const [fromUnit, setFromUnit] = useState<DurationUnit>('min')
  const [use, setUse] = useState('1')
  const [useUnit, setUseUnit] = useState<DurationUnit>('Y')
  const [units, setUnits] = useState('1')
  const f = parseQuantity(from)
  const u = parseQuantity(use)
  const n = parseQuantity(units)
  const errors = {
    from: explain(t, f, { positive: false }),
    use: explain(t, u),
    units: explain(t, n)
  }
  const ok = f.ok && u.ok && n.ok && !errors.from && !errors.use && !errors.units
  const k1 = f.ok ? f.value * MINUTES_PER[fromUnit] : 0n
  const k2 = u.ok ? k1 + u.value * MINUTES_PER[useUnit] : k1
  const amount = ok ? theta(rows, k1, k2) : 0n
  const each = ok && n.ok && n.value > 0n ? (amount + n.value / 2n) / n.value : 0n

  return (
    <form className="stack" onSubmit={(e) => e.preventDefault()} aria-labelledby="calc-title">
      <h4 id="calc-title">{t('products:calc.title')}</h4>
      <p className="muted">{t('products:calc.explain')}</p>
      <div className="row">
        <NumberField
          label={t('products:calc.from')}
          error={errors.from}
          value={from}
          onChange={setFrom}
          size={10}
        />
        <DurationUnitField
          label={t('products:calc.fromUnit')}
          value={fromUnit}
          onChange={setFromUnit}
        />
        <NumberField
          label={t('products:calc.use')}
          error={errors.use}
          value={use}
          onChange={setUse}
          size={6}
        />
        <DurationUnitField
          label={t('products:calc.useUnit')}
          value={useUnit}
          onChange={setUseUnit}
        />
        <NumberField
          label={t('products:calc.units')}
          hint={t('products:calc.unitsHint')}
          error={errors.units}
          value={units}
          onChange={setUnits}
          size={10}
        />
      </div>
      <output className="card" aria-live="polite">
        {ok
          ? t('products:calc.result', { amount: formatTime(amount), each: formatTime(each) })
          : '–'}
      </output>
    </form>
  )
}
