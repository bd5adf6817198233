import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import type { BridgeError } from '../../bridge.ts'
import { explain } from '../../components/forms.ts'
import { useSubmit } from '../../components/toasts.tsx'
import { ErrorText, Field } from '../../components/ui.tsx'
import { MINUTES_PER, parseQuantity, type DurationUnit } from '../../format.ts'

/** Defines a new product type: consumable, or a means of production with its durability. */
export function DefineForm() {
  const { t } = useTranslation()
  const submit = useSubmit()
  const [name, setName] = useState('')
  const [unit, setUnit] = useState('')
  const [kind, setKind] = useState<'consumable' | 'meansOfProduction'>('consumable')
  const [durability, setDurability] = useState('')
  const [durUnit, setDurUnit] = useState<DurationUnit>('Y')
  const [touched, setTouched] = useState(false)
  const [error, setError] = useState<BridgeError | null>(null)

  const nameError = name.trim() ? null : t('errors.required')
  const unitError = unit.trim() ? null : t('products:errors.unit')
  const parsed = parseQuantity(durability)
  const durError = kind === 'meansOfProduction' ? explain(t, parsed) : null

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (nameError || unitError || durError) return
    setError(null)
    const body: Record<string, unknown> = { name: name.trim(), unit: unit.trim(), kind }
    if (kind === 'meansOfProduction' && parsed.ok)
      body.durability = (parsed.value * MINUTES_PER[durUnit]).toString()
    try {
      await submit({ type: 'product.define', body })
      setName('')
      setUnit('')
      setDurability('')
      setTouched(false)
    } catch (err) {
      setError(err as BridgeError)
    }
  }

  return (
    <form className="card stack" onSubmit={onSubmit} noValidate aria-labelledby="define-title">
      <h2 id="define-title">{t('products:define.title')}</h2>
      <div className="row">
        <Field
          label={t('products:name')}
          hint={t('products:define.nameHint')}
          error={touched ? nameError : null}
        >
          {(p) => (
            <input {...p} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} />
          )}
        </Field>
        <Field
          label={t('products:unit')}
          hint={t('products:define.unitHint')}
          error={touched ? unitError : null}
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
            <Field
              label={t('products:durability')}
              hint={t('products:define.durabilityHint')}
              error={touched ? durError : null}
            >
              {(p) => (
                <input
                  {...p}
                  inputMode="numeric"
                  value={durability}
                  onChange={(e) => setDurability(e.target.value)}
                />
              )}
            </Field>
            <Field label={t('products:define.durUnit')}>
              {(p) => (
                <select
                  {...p}
                  value={durUnit}
                  onChange={(e) => setDurUnit(e.target.value as DurationUnit)}
                >
                  {(['Y', 'd', 'h', 'min'] as const).map((u) => (
                    <option key={u} value={u}>
                      {t(`products:units.${u}`)}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </>
        )}
      </div>
      <ErrorText error={error} />
      <div>
        <button className="primary" type="submit">
          {t('products:define.submit')}
        </button>
      </div>
    </form>
  )
}
