// A backup file of this computer: keys, settings, people and the log in one file, encrypted
// with a passphrase, e.g. on a USB stick. The node stops its network for the moment it takes.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../../api.ts'
import { notify } from '../../components/toasts.tsx'
import { useFormCall } from '../../components/useAction.ts'
import { ErrorText, Field } from '../../components/ui.tsx'

export function BackupFile() {
  const { t } = useTranslation()
  const [path, setPath] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [again, setAgain] = useState('')
  const pathError = path.trim() ? null : t('settings:backupFile.pathMissing')
  const passphraseError = passphrase.length >= 8 ? null : t('settings:backupFile.short')
  const againError = again === passphrase ? null : t('settings:backupFile.differ')
  const write = useFormCall(
    () =>
      pathError || passphraseError || againError
        ? null
        : call('backup.create', { path: path.trim(), passphrase }),
    {
      onDone: (result) => {
        setPassphrase('')
        setAgain('')
        notify('ok', t('settings:backupFile.done', { path: path.trim(), length: result.length }))
      }
    }
  )
  return (
    <section className="card stack" aria-labelledby="backup-file-title">
      <h2 id="backup-file-title">{t('settings:backupFile.title')}</h2>
      <p className="muted">{t('settings:backupFile.explain')}</p>
      <form className="stack" onSubmit={write.onSubmit} noValidate>
        <Field
          label={t('settings:backupFile.path')}
          hint={t('settings:backupFile.pathHint')}
          error={write.touched ? pathError : null}
        >
          {(p) => (
            <input
              {...p}
              className="mono"
              size={40}
              value={path}
              onChange={(e) => setPath(e.target.value)}
            />
          )}
        </Field>
        <div className="grid-2">
          <Field
            label={t('settings:backupFile.passphrase')}
            hint={t('settings:backupFile.passphraseHint')}
            error={write.touched ? passphraseError : null}
          >
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                value={passphrase}
                onChange={(e) => setPassphrase(e.target.value)}
              />
            )}
          </Field>
          <Field label={t('settings:backupFile.again')} error={write.touched ? againError : null}>
            {(p) => (
              <input
                {...p}
                type="password"
                autoComplete="new-password"
                value={again}
                onChange={(e) => setAgain(e.target.value)}
              />
            )}
          </Field>
        </div>
        <ErrorText error={write.error} />
        {write.busy && <p role="status">{t('settings:backupFile.busy')}</p>}
        <div>
          <button type="submit" disabled={write.busy}>
            {t('settings:backupFile.submit')}
          </button>
        </div>
      </form>
    </section>
  )
}
