// A correction asks before it is sent: a button opens a small panel that says what will
// happen, takes a reason where the ledger keeps one, and sends the intent only on a second,
// explicit click. The ledger's verdict shows there: a refusal with its own sentence in the
// panel, an acceptance (or a wait for someone's signature) as the toast every action gets.
import { useId, useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { IntentInput } from '../../../core/protocol/intents.ts'
import { useAction } from './useAction.ts'
import { ErrorText, Field } from './ui.tsx'
import { useArmed } from './useArmed.ts'

interface Props {
  /** The button that opens the panel, e.g. "Reverse…". */
  label: string
  /** What will happen, as a question. */
  question: string
  /** The button that sends it. */
  confirm: string
  /** A reason: the ledger requires one (`required`), keeps one if given, or takes none. */
  reason?: 'required' | 'optional'
  build: (reason: string) => IntentInput
  onDone?: () => void
}

export function ConfirmAction({ label, question, confirm, reason, build, onDone }: Props) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [text, setText] = useState('')
  const titleId = useId()
  const reasonError = reason === 'required' && !text.trim() ? t('corrections:reasonRequired') : null
  const action = useAction(() => (reasonError ? null : build(text.trim())), {
    onDone: () => {
      setOpen(false)
      setText('')
      onDone?.()
    }
  })
  if (!open)
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        {label}
      </button>
    )
  return (
    <form
      className="card stack confirm"
      role="group"
      aria-labelledby={titleId}
      onSubmit={action.onSubmit}
      noValidate
    >
      <p id={titleId}>
        <strong>{question}</strong>
      </p>
      {reason && (
        <Field
          label={reason === 'required' ? t('corrections:reason') : t('corrections:reasonOptional')}
          error={action.touched ? reasonError : null}
        >
          {(p) => (
            <input {...p} value={text} onChange={(e) => setText(e.target.value)} maxLength={500} />
          )}
        </Field>
      )}
      <ErrorText error={action.error} />
      <div className="row">
        <ArmedSubmit busy={action.busy}>{confirm}</ArmedSubmit>
        <button type="button" onClick={() => setOpen(false)} disabled={action.busy}>
          {t('corrections:cancel')}
        </button>
      </div>
    </form>
  )
}

/** The panel's send button: it opened where "Reverse…" was clicked, so it waits a moment. */
function ArmedSubmit({ busy, children }: { busy: boolean; children: string }) {
  const armed = useArmed()
  return (
    <button className="danger" type="submit" disabled={busy || !armed}>
      {children}
    </button>
  )
}
