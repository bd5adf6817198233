// What the first run's forms share: a title and what the form does, the ledger's or the node's
// refusal, a status while it waits, one button; and the field that takes an invite code.
import type { FormEvent, ReactNode } from 'react'
import type { BridgeError } from '../../api.ts'
import { ErrorText, Field } from '../../components/ui.tsx'

export function SetupForm({
  title,
  explain,
  action,
  waiting,
  submit,
  children
}: {
  title: string
  explain: string
  action: { onSubmit: (e: FormEvent) => void; error: BridgeError | null; busy: boolean }
  /** Shown while the call runs. */
  waiting: ReactNode
  submit: string
  children: ReactNode
}) {
  return (
    <form className="stack" onSubmit={action.onSubmit} noValidate>
      <h2>{title}</h2>
      <p className="muted">{explain}</p>
      {children}
      <ErrorText error={action.error} />
      {action.busy && <div role="status">{waiting}</div>}
      <div>
        <button className="primary" type="submit" disabled={action.busy}>
          {submit}
        </button>
      </div>
    </form>
  )
}

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
  error: string | null
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
