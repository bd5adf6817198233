import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { call, useProgress } from '../../api.ts'
import type { Role } from '../../api-types.ts'
import { RoleChoice } from '../../components/RoleChoice.tsx'
import { ErrorText, Field } from '../../components/ui.tsx'
import type { BridgeError } from '../../bridge.ts'

export function JoinForm({
  onStart,
  onJoined,
  onFail
}: {
  onStart: () => void
  onJoined: (words: string[]) => void
  onFail: () => void
}) {
  const { t } = useTranslation()
  const [code, setCode] = useState('')
  const [name, setName] = useState('')
  const [roles, setRoles] = useState<Role[]>(['producer'])
  const [touched, setTouched] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<BridgeError | null>(null)
  const progress = useProgress()

  const codeError = code.trim().length < 8 ? t('setup:errors.code') : null
  const nameError = name.trim() === '' ? t('setup:errors.name') : null
  const rolesError = roles.length === 0 ? t('setup:errors.roles') : null

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (codeError || nameError || rolesError) return
    setBusy(true)
    setError(null)
    onStart()
    try {
      await call('setup.join', { code: code.trim(), name: name.trim(), roles })
      onJoined((await call('keys.backup', {})).words)
    } catch (err) {
      setError(err as BridgeError)
      onFail()
    } finally {
      setBusy(false)
    }
  }

  const joining = progress.get('join')
  return (
    <form className="stack" onSubmit={submit} noValidate>
      <h2>{t('setup:join.title')}</h2>
      <p className="muted">{t('setup:join.explain')}</p>
      <Field
        label={t('setup:join.code')}
        hint={t('setup:join.codeHint')}
        error={touched ? codeError : null}
      >
        {(p) => (
          <input
            {...p}
            className="mono"
            value={code}
            onChange={(e) => setCode(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <Field
        label={t('setup:create.name')}
        hint={t('setup:create.nameHint')}
        error={touched ? nameError : null}
      >
        {(p) => (
          <input
            {...p}
            value={name}
            onChange={(e) => setName(e.target.value)}
            autoComplete="organization"
          />
        )}
      </Field>
      <RoleChoice value={roles} onChange={setRoles} error={touched ? rolesError : null} />
      <ErrorText error={error} />
      {busy && (
        <div role="status">
          <p>{t('setup:join.waiting')}</p>
          {joining ? <progress max={joining.total} value={joining.done} /> : <progress />}
        </div>
      )}
      <div>
        <button className="primary" type="submit" disabled={busy}>
          {t('setup:join.submit')}
        </button>
      </div>
    </form>
  )
}
