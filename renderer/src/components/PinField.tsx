// The one PIN field of the wallet forms (a card's PIN, a kept wallet's, the PIN typed to pay or
// claim): masked, a numeric keypad on touch screens, and never offered to a password manager's
// autofill -- except as a new password where a PIN is chosen, so none is filled in there.
import { Field } from './ui.tsx'

export function PinField({
  label,
  hint,
  error,
  value,
  onChange,
  choosing = false
}: {
  label: string
  hint?: string
  error?: string | null | undefined
  value: string
  onChange: (pin: string) => void
  /** A PIN being chosen (a new card, a wallet kept on this device), not one typed to open a wallet. */
  choosing?: boolean
}) {
  return (
    <Field label={label} {...(hint ? { hint } : {})} error={error}>
      {(p) => (
        <input
          {...p}
          type="password"
          inputMode="numeric"
          autoComplete={choosing ? 'new-password' : 'off'}
          value={value}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </Field>
  )
}
