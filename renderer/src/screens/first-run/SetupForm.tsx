// What the first run's forms share: a title and what the form does, the ledger's or the node's
// refusal, a status while it waits, one button.
import type { FormEvent, ReactNode } from 'react'
import type { BridgeError } from '../../api.ts'
import { ErrorText } from '../../components/ui.tsx'

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
