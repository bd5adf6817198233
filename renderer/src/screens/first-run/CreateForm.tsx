import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../../api.ts'
import type { Role } from '../../api-types.ts'
import { RoleChoice } from '../../components/RoleChoice.tsx'
import { ErrorText, Field } from '../../components/ui.tsx'
import type { BridgeError } from '../../bridge.ts'

export function CreateForm({
  onStart,
  onCreated,
  onFail
}: {
  onStart: () => void
  onCreated: (words: string[]) => void
  onFail: () => void
}) {
  const { t } = useTranslation()
  const [name, setName] = useState('')
  const [roles, setRoles] = useState<Role[]>(['producer'])
  const [touched, setTouched] = useState(false)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<BridgeError | null>(null)

  const nameError =
    name.trim() === ''
      ? t('setup:errors.name')
      : name.trim().length > 100
        ? t('setup:errors.nameLong')
        : null
  const rolesError = roles.length === 0 ? t('setup:errors.roles') : null

  const submit = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (nameError || rolesError) return
    setBusy(true)
    setError(null)
    onStart()
    try {
      await call('setup.create', { name: name.trim(), roles })
      onCreated((await call('keys.backup', {})).words)
    } catch (err) {
      setError(err as BridgeError)
      onFail()
    } finally {
      setBusy(false)
    }
  }

  return (
    <form className="stack" onSubmit={submit} noValidate>
      <h2>{t('setup:create.title')}</h2>
      <p className="muted">{t('setup:create.explain')}</p>
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
      <div>
        <button className="primary" type="submit" disabled={busy}>
          {busy ? t('setup:create.busy') : t('setup:create.submit')}
        </button>
      </div>
    </form>
  )
}
