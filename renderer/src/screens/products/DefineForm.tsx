import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { DurationUnitField, NumberField, SubmitRow } from '../../components/fields.tsx'
import { explain } from '../../components/forms.ts'
import { useAction } from '../../components/useAction.ts'
import { Field } from '../../components/ui.tsx'
import { MAX_DURABILITY_MINUTES } from '../../../../core/protocol/limits.ts'
import { MINUTES_PER, parseQuantity, type DurationUnit } from '../../format.ts'

/** Defines a new product type: consumable, or a means of production with its durability. */
export function DefineForm() {
  const { t } = useTranslation()
  const [name, setName] = useState('')
  const [unit, setUnit] = useState('')
  const [kind, setKind] = useState<'consumable' | 'meansOfProduction'>('consumable')
  const [durability, setDurability] = useState('')
  const [durUnit, setDurUnit] = useState<DurationUnit>('Y')

  const nameError = name.trim() ? null : t('errors.required')
  const unitError = unit.trim() ? null : t('products:errors.unit')
  const parsed = parseQuantity(durability)
  // The ledger's bound (DURABILITY_ABOVE_MAXIMUM), said before anything is sent.
  const tooLong = parsed.ok && parsed.value * MINUTES_PER[durUnit] > MAX_DURABILITY_MINUTES
  const durError =
    kind !== 'meansOfProduction'
      ? null
      : (explain(t, parsed) ?? (tooLong ? t('products:errors.durabilityMax') : null))

  const action = useAction(
    () => {
      if (nameError || unitError || durError) return null
      const durable = kind === 'meansOfProduction' && parsed.ok
      return {
        type: 'product.define',
        body: {
          name: name.trim(),
          unit: unit.trim(),
          kind,
          ...(durable ? { durability: (parsed.value * MINUTES_PER[durUnit]).toString() } : {})
        }
      }
    },
    {
      onDone: () => {
        setName('')
        setUnit('')
        setDurability('')
      },
      fields: { PRODUCT_NAME_TAKEN: 'name' }
    }
  )

  return (
    <form
      className="card stack"
      onSubmit={action.onSubmit}
      noValidate
      aria-labelledby="define-title"
    >
      <h2 id="define-title">{t('products:define.title')}</h2>
      <div className="row">
        <Field
          label={t('products:name')}
          hint={t('products:define.nameHint')}
          error={(action.touched ? nameError : null) ?? action.fieldError('name')}
        >
          {(p) => (
            <input {...p} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field
          label={t('products:unit')}
          hint={t('products:define.unitHint')}
          error={action.touched ? unitError : null}
        >
          {(p) => (
            <input {...p} value={unit} maxLength={30} onChange={(e) => setUnit(e.target.value)} />
          )}
        </Field>
        <Field label={t('products:kind')}>
          {(p) => (
            <select {...p} value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
              <option value="consumable">{t('kind.consumable')}</option>
              <option value="meansOfProduction">{t('kind.meansOfProduction')}</option>
            </select>
          )}
        </Field>
        {kind === 'meansOfProduction' && (
          <>
            <NumberField
              label={t('products:durability')}
              hint={t('products:define.durabilityHint')}
              error={action.touched ? durError : null}
              value={durability}
              onChange={setDurability}
            />
            <DurationUnitField
              label={t('products:define.durUnit')}
              value={durUnit}
              onChange={setDurUnit}
            />
          </>
        )}
      </div>
      <SubmitRow action={action} className="primary">
        {t('products:define.submit')}
      </SubmitRow>
    </form>
  )
}
