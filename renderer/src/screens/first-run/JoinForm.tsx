import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call, useProgress } from '../../api.ts'
import type { Role } from '../../api-types.ts'
import { RoleChoice } from '../../components/RoleChoice.tsx'
import { useFormCall } from '../../components/useAction.ts'
import { Field } from '../../components/ui.tsx'
import { CollectiveName } from './CollectiveName.tsx'
import { ExactField } from '../../components/ExactField.tsx'
import { SetupForm } from './SetupForm.tsx'

const longestWord = (text: string) =>
  text.split(/\s+/).reduce((best, word) => (word.length > best.length ? word : best), '')

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
  const progress = useProgress()

  const codeError = code.trim().length < 8 ? t('setup:errors.code') : null
  const nameError = name.trim() === '' ? t('setup:errors.name') : null
  const rolesError = roles.length === 0 ? t('setup:errors.roles') : null

  const join = useFormCall(
    () => {
      if (codeError || nameError || rolesError) return null
      onStart()
      return call('setup.join', { code: code.trim(), name: name.trim(), roles })
        .then(() => call('keys.backup', {}))
        .then((backup) => backup.words)
    },
    { onDone: onJoined, onFail }
  )

  const joining = progress.get('join')
  return (
    <SetupForm
      title={t('setup:join.title')}
      explain={t('setup:join.explain')}
      action={join}
      waiting={
        <>
          <p>{t('setup:join.waiting')}</p>
          {joining ? <progress max={joining.total} value={joining.done} /> : <progress />}
        </>
      }
      submit={t('setup:join.submit')}
    >
      <ExactField
        label={t('setup:join.code')}
        hint={t('setup:join.codeHint')}
        error={join.touched ? codeError : null}
        value={code}
        onChange={setCode}
      />
      <Field label={t('setup:join.file')} hint={t('setup:join.fileHint')}>
        {(p) => (
          <input
            {...p}
            type="file"
            accept=".txt,text/plain"
            onChange={(e) => {
              const file = e.target.files?.[0]
              // The saved invite holds the code alone; the longest word of the file is it.
              if (file) void file.text().then((text) => setCode(longestWord(text)))
            }}
          />
        )}
      </Field>
      <CollectiveName value={name} onChange={setName} error={join.touched ? nameError : null} />
      <RoleChoice value={roles} onChange={setRoles} error={join.touched ? rolesError : null} />
    </SetupForm>
  )
}
