import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useAction } from '../../components/useAction.ts'
import { ErrorText, Field } from '../../components/ui.tsx'

function previousMonth(now = new Date()): string {
  const d = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1))
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

/** Anyone may close a month once its grace time has passed (§6.3). */
export function CloseMonth() {
  const { t } = useTranslation()
  const [period, setPeriod] = useState(previousMonth)
  const error = /^\d{4}-(0[1-9]|1[0-2])$/.test(period) ? null : t('revisions:errors.period')
  const action = useAction(() => (error ? null : { type: 'revision.final', body: { period } }), {
    fields: { EARLY_REVISION: 'period', ALREADY_FINAL: 'period' }
  })
  return (
    <form
      className="card stack"
      onSubmit={action.onSubmit}
      noValidate
      aria-labelledby="close-title"
    >
      <h2 id="close-title">{t('revisions:close.title')}</h2>
      <p className="muted">{t('revisions:close.explain')}</p>
      <div className="row">
        <Field
          label={t('revisions:period')}
          hint={t('revisions:close.hint')}
          error={(action.touched ? error : null) ?? action.fieldError('period')}
        >
          {(p) => (
            <input {...p} type="month" value={period} onChange={(e) => setPeriod(e.target.value)} />
          )}
        </Field>
        <button className="primary" type="submit" disabled={action.busy}>
          {t('revisions:close.submit')}
        </button>
      </div>
      <ErrorText error={action.error} />
    </form>
  )
}
