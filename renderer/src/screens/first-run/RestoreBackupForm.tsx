// A new computer takes over from a lost one with a backup file and its passphrase: as that
// device when it was the network's only one, else as a new device a neighbour binds in place
// of the old one (core/node/backup.ts).
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../../api.ts'
import { useFormCall } from '../../components/useAction.ts'
import { Field } from '../../components/ui.tsx'
import { ExactField } from '../../components/ExactField.tsx'
import { SetupForm } from './SetupForm.tsx'

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
    <SetupForm
      title={t('setup:restoreBackup.title')}
      explain={t('setup:restoreBackup.explain')}
      action={restore}
      waiting={<p>{t('setup:restoreBackup.busy')}</p>}
      submit={t('setup:restoreBackup.submit')}
    >
      <ExactField
        label={t('setup:restoreBackup.path')}
        hint={t('setup:restoreBackup.pathHint')}
        error={restore.touched ? pathError : null}
        value={path}
        onChange={setPath}
      />
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
    </SetupForm>
  )
}
