// A field for a code, a key or a path: typed or pasted exactly as it is, in a fixed-width
// font, with no spelling help and no autofill.
import { Field } from './ui.tsx'

/** A code or a path: typed or pasted exactly, so no spelling help and no autofill. */
export function ExactField({
  label,
  hint,
  error,
  value,
  onChange
}: {
  label: string
  hint: string
  error?: string | null | undefined
  value: string
  onChange: (value: string) => void
}) {
  return (
    <Field label={label} hint={hint} error={error}>
      {(p) => (
        <input
          {...p}
          className="mono"
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
      )}
    </Field>
  )
}
