// Closing a month (§6.3): anyone may, once its grace time has passed. The field proposes the
// latest month that can be closed; a click shows what the final revision would fix per
// subsystem (the ledger's own revision rules, run on a buffer that is dropped) and asks to
// confirm. A month too early says from when it can be closed.
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { call, useApi } from '../../api.ts'
import type { Result } from '../../api-types.ts'
import { useRefusal } from '../../components/refusal.ts'
import { Refused, useSubmit } from '../../components/toasts.tsx'
import { ErrorText, Field } from '../../components/ui.tsx'
import type { BridgeError } from '../../bridge.ts'
import { formatDate, formatPercent, formatTime } from '../../format.ts'
import { RevisionFigureHeads } from './FigureHeads.tsx'

type Closing = Result<'view.closing'>
const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/

export function CloseMonth() {
  const { t } = useTranslation()
  const refusal = useRefusal()
  const submit = useSubmit()
  const proposal = useApi('view.closing', {})
  const [typed, setTyped] = useState<string | null>(null)
  const period = typed ?? proposal.data?.proposed ?? ''
  const [touched, setTouched] = useState(false)
  const [busy, setBusy] = useState(false)
  const [fieldError, setFieldError] = useState<string | null>(null)
  const [error, setError] = useState<BridgeError | null>(null)
  const [preview, setPreview] = useState<Closing | null>(null)
  const formatError = MONTH.test(period) ? null : t('revisions:errors.period')

  /** Why a month cannot be closed, for people: an early one says from when. */
  const why = (c: Closing) =>
    c.refusal?.code === 'EARLY_REVISION'
      ? t('revisions:close.early', {
          period: c.period,
          date: formatDate(c.possibleFrom, true)
        })
      : refusal(c.refusal?.code ?? '', c.refusal?.reason ?? '')

  const onPreview = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (formatError || busy) return
    setBusy(true)
    setError(null)
    setFieldError(null)
    try {
      const closing = await call('view.closing', { period })
      if (closing.refusal) setFieldError(why(closing))
      else setPreview(closing)
    } catch (err) {
      setError(err as BridgeError)
    } finally {
      setBusy(false)
    }
  }

  const onConfirm = async () => {
    if (!preview || busy) return
    setBusy(true)
    try {
      await submit({ type: 'revision.final', body: { period: preview.period } })
      setPreview(null)
      setTyped(null)
      setTouched(false)
    } catch (err) {
      setPreview(null)
      if (err instanceof Refused) setFieldError(refusal(err.code, err.message))
      else setError(err as BridgeError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="card stack" onSubmit={onPreview} noValidate aria-labelledby="close-title">
      <h2 id="close-title">{t('revisions:close.title')}</h2>
      <p className="muted">{t('revisions:close.explain')}</p>
      <div className="row">
        <Field
          label={t('revisions:period')}
          hint={t('revisions:close.hint')}
          error={(touched ? formatError : null) ?? fieldError}
        >
          {(p) => (
            <input
              {...p}
              type="month"
              min={proposal.data?.earliest ?? undefined}
              max={proposal.data?.closable[0] ?? undefined}
              value={period}
              onChange={(e) => {
                setTyped(e.target.value)
                setFieldError(null)
              }}
            />
          )}
        </Field>
        <button className="primary" type="submit" disabled={busy}>
          {t('revisions:close.submit')}
        </button>
      </div>
      {proposal.data && <Closable closing={proposal.data} />}
      <ErrorText error={error} />
      {preview && (
        <ClosePreview
          preview={preview}
          busy={busy}
          onConfirm={() => void onConfirm()}
          onCancel={() => setPreview(null)}
        />
      )}
    </form>
  )
}

/** Which months can be closed now, and why no other: none before the network, the next one's date. */
function Closable({ closing }: { closing: Closing }) {
  const { t } = useTranslation()
  const next = t('revisions:close.next', {
    period: closing.next.period,
    date: formatDate(closing.next.from, true)
  })
  return (
    <p className="muted" role="status">
      {closing.closable.length
        ? t('revisions:close.closable', { months: closing.closable.join(', ') })
        : t('revisions:close.noneClosable')}{' '}
      {closing.earliest && t('revisions:close.before', { period: closing.earliest })} {next}
    </p>
  )
}

function ClosePreview({
  preview,
  busy,
  onConfirm,
  onCancel
}: {
  preview: Closing
  busy: boolean
  onConfirm: () => void
  onCancel: () => void
}) {
  const { t } = useTranslation()
  return (
    <div className="modal-backdrop">
      <div
        className="card stack modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="close-preview-title"
        onKeyDown={(e) => e.key === 'Escape' && onCancel()}
      >
        <h2 id="close-preview-title">
          {t('revisions:close.confirmTitle', { period: preview.period })}
        </h2>
        <p>{t('revisions:close.confirmExplain')}</p>
        <div className="table-wrap">
          <table>
            <thead>
              <tr>
                <RevisionFigureHeads />
              </tr>
            </thead>
            <tbody>
              {preview.subsystems.map((s) => (
                <tr key={s.subsystem}>
                  <td>{s.memberNames.join(', ')}</td>
                  <td className="num">{formatTime(s.a)}</td>
                  <td className="num">{formatTime(s.c)}</td>
                  <td className="num">{formatTime(s.w)}</td>
                  <td className="num">{formatPercent(s.tax)}</td>
                  <td className="num">{formatTime(s.claimable)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <p className="muted">{t('revisions:legend')}</p>
        <div className="row">
          <button type="button" className="primary" disabled={busy} onClick={onConfirm}>
            {t('revisions:close.confirm')}
          </button>
          <button type="button" onClick={onCancel} autoFocus>
            {t('cancel')}
          </button>
        </div>
      </div>
    </div>
  )
}
