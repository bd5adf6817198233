import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../../api.ts'
import type { Role } from '../../api-types.ts'
import { SubmitRow } from '../../components/fields.tsx'
import { RoleChoice } from '../../components/RoleChoice.tsx'
import { useFormCall } from '../../components/useAction.ts'
import { CollectiveName } from './CollectiveName.tsx'

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

  const nameError =
    name.trim() === ''
      ? t('setup:errors.name')
      : name.trim().length > 100
        ? t('setup:errors.nameLong')
        : null
  const rolesError = roles.length === 0 ? t('setup:errors.roles') : null

  const create = useFormCall(
    () => {
      if (nameError || rolesError) return null
      onStart()
      return call('setup.create', { name: name.trim(), roles })
        .then(() => call('keys.backup', {}))
        .then((backup) => backup.words)
    },
    { onDone: onCreated, onFail }
  )

  return (
    <form className="stack" onSubmit={create.onSubmit} noValidate>
      <h2>{t('setup:create.title')}</h2>
      <p className="muted">{t('setup:create.explain')}</p>
      <CollectiveName value={name} onChange={setName} error={create.touched ? nameError : null} />
      <RoleChoice value={roles} onChange={setRoles} error={create.touched ? rolesError : null} />
      <SubmitRow action={create} className="primary">
        {create.busy ? t('setup:create.busy') : t('setup:create.submit')}
      </SubmitRow>
    </form>
  )
}
