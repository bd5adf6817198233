// Small building blocks shared by every screen.
import { useId, type ReactNode } from 'react'
import { useTranslation } from 'react-i18next'
import { asSentence, refusalText } from './refusal.ts'
import type { BridgeError } from '../bridge.ts'
import { UnsureWrite } from './UnsureWrite.tsx'

interface FieldProps {
  label: string
  hint?: string | undefined
  error?: string | null | undefined
  children: (props: {
    id: string
    'aria-describedby'?: string
    'aria-invalid'?: boolean
  }) => ReactNode
}

/** A labelled input with its hint and its error, wired for screen readers. */
export function Field({ label, hint, error, children }: FieldProps) {
  const id = useId()
  const hintId = `${id}-hint`
  const errorId = `${id}-error`
  const describedBy = [hint ? hintId : null, error ? errorId : null].filter(Boolean).join(' ')
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      {children({
        id,
        ...(describedBy ? { 'aria-describedby': describedBy } : {}),
        ...(error ? { 'aria-invalid': true } : {})
      })}
      {hint && (
        <span className="hint" id={hintId}>
          {hint}
        </span>
      )}
      {error && (
        <span className="error" id={errorId} role="alert">
          {error}
        </span>
      )}
    </div>
  )
}

export function Stat({
  label,
  value,
  note
}: {
  label: string
  value: ReactNode
  note?: ReactNode
}) {
  return (
    <div className="card stat">
      <div className="label">{label}</div>
      <div className="value">{value}</div>
      {note !== undefined && <div className="note">{note}</div>}
    </div>
  )
}

/** `reading`: the error came from a read (a screen's data), not from something the clerk did. */
export function ErrorText({ error, reading = false }: { error: BridgeError | Error | null | undefined; reading?: boolean }) {
  const { t, i18n } = useTranslation()
  if (!error) return null
  const code = (error as BridgeError).code
  // A write that may have landed is followed to its outcome, not shown as a refusal.
  if (code === 'WRITE_UNSURE') return <UnsureWrite message={error.message} />
  return (
    <p className="error" role="alert">
      {code === 'NOT_SET_UP'
        ? t('errors.notSetUp')
        : code === 'DISCONNECTED'
          ? t('errors.disconnected')
          : code === 'DISK_FULL'
            ? t(reading ? 'errors.diskFullRead' : 'errors.diskFull')
            : code === 'STORAGE_FAILED'
              ? t('errors.storageFailed')
              : asSentence(refusalText(i18n, code ?? '', error.message))}
    </p>
  )
}

export function Loading() {
  const { t } = useTranslation()
  return (
    <p className="muted" role="status">
      {t('loading')}
    </p>
  )
}

/** Renders a query's loading and error states, then its content. */
export function QueryState<T>({
  query,
  children
}: {
  query: { data: T | undefined; error: BridgeError | null; isPending: boolean }
  children: (data: T) => ReactNode
}) {
  if (query.error) return <ErrorText error={query.error} reading />
  if (query.isPending || query.data === undefined) return <Loading />
  return <>{children(query.data)}</>
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="muted">{children}</p>
}

export function StatusBadge({ status }: { status: string }) {
  const { t } = useTranslation()
  const tone =
    status === 'accepted' || status === 'done' || status === 'passed'
      ? 'ok'
      : status === 'rejected' || status === 'failed'
        ? 'bad'
        : 'warn'
  return <span className={`badge ${tone}`}>{t(`status.${status}`, { defaultValue: status })}</span>
}

export function PageTitle({ children }: { children: ReactNode }) {
  return (
    <h1 id="page-title" tabIndex={-1}>
      {children}
    </h1>
  )
}
