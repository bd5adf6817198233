// Field markup that many forms repeated to the letter, and the end of a form: the node's error,
// then the submit button. Inputs and selects go through <Field>, which wires label, hint and error.
import type { ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import type { BridgeError } from '../bridge.ts'
import type { DurationUnit } from '../format.ts'
import { ErrorText, Field } from './ui.tsx'

interface TextProps {
  label: string
  hint?: string | undefined
  error?: string | null | undefined
  value: string
  onChange: (value: string) => void
}

/** Whole numbers as typed text (parsed exactly by the form), with a numeric keyboard. */
export function NumberField({ size, ...f }: TextProps & { size?: number }) {
  return (
    <Field label={f.label} hint={f.hint} error={f.error}>
      {(p) => (
        <input
          {...p}
          inputMode="numeric"
          value={f.value}
          onChange={(e) => f.onChange(e.target.value)}
          size={size}
        />
      )}
    </Field>
  )
}

/** A select that starts at "choose…": the empty value, which the form reports as missing. */
export function ChoiceField({
  options,
  ...f
}: TextProps & { options: ReadonlyArray<{ value: string; label: string }> }) {
  const { t } = useTranslation()
  return (
    <Field label={f.label} hint={f.hint} error={f.error}>
      {(p) => (
        <select {...p} value={f.value} onChange={(e) => f.onChange(e.target.value)}>
          <option value="">{t('stock:choose')}</option>
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

/** A unit of time for a typed duration; `units` sets which come first. */
export function DurationUnitField({
  label,
  value,
  onChange,
  units = ['Y', 'd', 'h', 'min']
}: {
  label: string
  value: DurationUnit
  onChange: (unit: DurationUnit) => void
  units?: readonly DurationUnit[]
}) {
  const { t } = useTranslation()
  return (
    <Field label={label}>
      {(p) => (
        <select {...p} value={value} onChange={(e) => onChange(e.target.value as DurationUnit)}>
          {units.map((u) => (
            <option key={u} value={u}>
              {t(`products:units.${u}`)}
            </option>
          ))}
        </select>
      )}
    </Field>
  )
}

export function CheckField({
  label,
  checked,
  onChange
}: {
  label: string
  checked: boolean
  onChange: (checked: boolean) => void
}) {
  return (
    <label className="check">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} />
      {label}
    </label>
  )
}

/** The node's error, if the last call failed, then the submit button (off while busy). */
export function SubmitRow({
  action,
  className,
  disabled,
  children
}: {
  action: { error: BridgeError | null; busy: boolean }
  className?: string
  disabled?: boolean
  children: ReactNode
}) {
  return (
    <>
      <ErrorText error={action.error} />
      <div>
        <button className={className} type="submit" disabled={action.busy || disabled}>
          {children}
        </button>
      </div>
    </>
  )
}
