// A new computer takes over from a lost one with a backup file and its passphrase: as that
// device when it was the network's only one, else as a new device a neighbour binds in place
// of the old one (core/node/backup.ts).
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../../api.ts'
import { useFormCall } from '../../components/useAction.ts'
import { ErrorText, Field } from '../../components/ui.tsx'

export function RestoreBackupForm({
  onStart,
  onRestored,
  onFail
}: {
  onStart: () => void
  onRestored: () => void
  onFail: () => void
}) {
  const { t } = useTranslation()
  const [path, setPath] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const pathError = path.trim() ? null : t('setup:restoreBackup.pathMissing')
  const restore = useFormCall(
    () => {
      if (pathError || !passphrase) return null
      onStart()
      return call('setup.restoreBackup', { path: path.trim(), passphrase })
    },
    { onDone: onRestored, onFail }
  )
  return (
    <form className="stack" onSubmit={restore.onSubmit} noValidate>
      <h2>{t('setup:restoreBackup.title')}</h2>
      <p className="muted">{t('setup:restoreBackup.explain')}</p>
      <Field
        label={t('setup:restoreBackup.path')}
        hint={t('setup:restoreBackup.pathHint')}
        error={restore.touched ? pathError : null}
      >
        {(p) => (
          <input
            {...p}
            className="mono"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <Field
        label={t('setup:restoreBackup.passphrase')}
        error={restore.touched && !passphrase ? t('setup:restoreBackup.passphraseMissing') : null}
      >
        {(p) => (
          <input
            {...p}
            type="password"
            autoComplete="current-password"
            value={passphrase}
            onChange={(e) => setPassphrase(e.target.value)}
          />
        )}
      </Field>
      <ErrorText error={restore.error} />
      {restore.busy && <p role="status">{t('setup:restoreBackup.busy')}</p>}
      <div>
        <button className="primary" type="submit" disabled={restore.busy}>
          {t('setup:restoreBackup.submit')}
        </button>
      </div>
    </form>
  )
}
