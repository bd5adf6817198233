// A backup file of this computer: keys, settings, people and the log in one file, encrypted
// with a passphrase, e.g. on a USB stick. The node stops its network for the moment it takes.
// A file already there is replaced only when the person says so (it may be the only other
// copy), and what was written stays said under the form: where, of what, as of when.
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../../api.ts'
import type { Result } from '../../api-types.ts'
import { formatDate } from '../../format.ts'
import { notify } from '../../components/toasts.tsx'
import { useFormCall } from '../../components/useAction.ts'
import { ErrorText, Field } from '../../components/ui.tsx'
import { useArmed } from '../../components/useArmed.ts'

type Written = Result<'backup.create'> & { replaced: boolean }

const size = (bytes: number) =>
  bytes >= 1024 * 1024
    ? `${(bytes / 1024 / 1024).toFixed(1)} MiB`
    : `${Math.ceil(bytes / 1024)} KiB`

export function BackupFile() {
  const { t } = useTranslation()
  const [path, setPath] = useState('')
  const [passphrase, setPassphrase] = useState('')
  const [again, setAgain] = useState('')
  const [written, setWritten] = useState<Written | null>(null)
  const pathInput = useRef<HTMLInputElement>(null)
  // The path the person agreed to replace: set by "Replace the file" just before it submits.
  const replace = useRef<string | null>(null)
  const pathError = path.trim() ? null : t('settings:backupFile.pathMissing')
  const passphraseError = passphrase.length >= 8 ? null : t('settings:backupFile.short')
  const againError = again === passphrase ? null : t('settings:backupFile.differ')
  const write = useFormCall(
    () => {
      const target = path.trim()
      const overwrite = replace.current === target
      replace.current = null
      if (pathError || passphraseError || againError) return null
      setWritten(null)
      return call('backup.create', { path: target, passphrase, overwrite }).then((result) => ({
        ...result,
        replaced: overwrite
      }))
    },
    {
      onDone: (result) => {
        setPassphrase('')
        setAgain('')
        setWritten(result)
        notify('ok', t('settings:backupFile.done', { path: result.path, length: result.length }))
      }
    }
  )
  const exists = write.error?.code === 'FILE_EXISTS'
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
              ref={pathInput}
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
        {exists ? (
          <ReplaceQuestion
            path={path.trim()}
            busy={write.busy}
            onReplace={(form) => {
              // Not a submit button: Enter in a field must never replace a file.
              replace.current = path.trim()
              form?.requestSubmit()
            }}
            onKeep={() => {
              write.dismiss()
              pathInput.current?.select()
            }}
          />
        ) : (
          <ErrorText error={write.error} />
        )}
        {write.busy && <p role="status">{t('settings:backupFile.busy')}</p>}
        {written && (
          <div className="verdict ok" role="status">
            <h3>
              {t(
                written.replaced ? 'settings:backupFile.replaced' : 'settings:backupFile.written',
                {
                  path: written.path
                }
              )}
            </h3>
            <p>
              {t('settings:backupFile.holds', {
                collective: written.collective.name ?? t('settings:backupFile.unnamed'),
                when: formatDate(written.taken, true),
                length: written.length,
                size: size(written.bytes)
              })}
            </p>
          </div>
        )}
        {!exists && (
          <div>
            <button type="submit" disabled={write.busy}>
              {t('settings:backupFile.submit')}
            </button>
          </div>
        )}
      </form>
    </section>
  )
}

/** "There is already a file": replace it or keep it, asked where the form's button was. */
function ReplaceQuestion(props: {
  path: string
  busy: boolean
  onReplace: (form: HTMLFormElement | null) => void
  onKeep: () => void
}) {
  const { t } = useTranslation()
  const armed = useArmed()
  return (
    <div className="verdict warn stack" role="alert">
      <h3>{t('settings:backupFile.exists', { path: props.path })}</h3>
      <p>{t('settings:backupFile.existsExplain')}</p>
      <div className="row">
        <button
          type="button"
          disabled={props.busy || !armed}
          onClick={(e) => props.onReplace(e.currentTarget.form)}
        >
          {t('settings:backupFile.replace')}
        </button>
        <button type="button" disabled={!armed} onClick={props.onKeep}>
          {t('settings:backupFile.keep')}
        </button>
      </div>
    </div>
  )
}
