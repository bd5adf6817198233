// A device restored from a backup is a new device: it writes nothing until a neighbour binds
// it in place of the backed-up one (core/node/backup.ts). Shown only while that is pending:
// the clerk pastes an invite code made on any neighbour's device.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call, useApi } from '../../api.ts'
import { notify } from '../../components/toasts.tsx'
import { useFormCall } from '../../components/useAction.ts'
import { ErrorText, Field } from '../../components/ui.tsx'

export function BindRestored() {
  const { t } = useTranslation()
  const status = useApi('node.status', {})
  const [code, setCode] = useState('')
  const codeError = code.trim().length >= 8 ? null : t('settings:restored.codeMissing')
  const bind = useFormCall(
    () => (codeError ? null : call('setup.bindRestored', { code: code.trim() })),
    {
      onDone: () => {
        setCode('')
        notify('ok', t('settings:restored.done'))
        void status.refetch()
      }
    }
  )
  if (status.data?.state !== 'ready' || !status.data.awaitingBind) return null
  return (
    <section className="card stack" aria-labelledby="restored-title">
      <h2 id="restored-title">{t('settings:restored.title')}</h2>
      <p>
        {t('settings:restored.explain', { device: status.data.awaitingBind.replaces.slice(0, 8) })}
      </p>
      <form className="row" onSubmit={bind.onSubmit} noValidate>
        <Field
          label={t('settings:restored.code')}
          hint={t('settings:restored.codeHint')}
          error={bind.touched ? codeError : null}
        >
          {(p) => (
            <input
              {...p}
              className="mono"
              size={48}
              value={code}
              onChange={(e) => setCode(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
        <button className="primary" type="submit" disabled={bind.busy}>
          {t('settings:restored.submit')}
        </button>
      </form>
      {bind.busy && <p role="status">{t('settings:restored.busy')}</p>}
      <ErrorText error={bind.error} />
    </section>
  )
}
