// A collective whose computer was lost comes back from its 24 recovery words: a neighbour (or
// another device of the collective) makes an invite code, and the words sign this computer in.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../../api.ts'
import { wordsOf } from '../../components/forms.ts'
import { useFormCall } from '../../components/useAction.ts'
import { Field } from '../../components/ui.tsx'
import { ExactField } from '../../components/ExactField.tsx'
import { SetupForm } from './SetupForm.tsx'

export function RestoreWordsForm({
  onStart,
  onRestored,
  onFail
}: {
  onStart: () => void
  onRestored: () => void
  onFail: () => void
}) {
  const { t } = useTranslation()
  const [code, setCode] = useState('')
  const [text, setText] = useState('')
  const words = wordsOf(text)
  const codeError = code.trim().length < 8 ? t('setup:errors.code') : null
  const wordsError = words.length === 24 ? null : t('setup:restore.count', { count: words.length })

  const restore = useFormCall(
    () => {
      if (codeError || wordsError) return null
      onStart()
      return call('setup.restore', { code: code.trim(), words })
    },
    { onDone: onRestored, onFail }
  )

  return (
    <SetupForm
      title={t('setup:restore.title')}
      explain={t('setup:restore.explain')}
      action={restore}
      waiting={
        <>
          <p>{t('setup:restore.waiting')}</p>
          <progress />
        </>
      }
      submit={t('setup:restore.submit')}
    >
      <Field
        label={t('setup:restore.words')}
        hint={t('setup:restore.wordsHint')}
        error={restore.touched ? wordsError : null}
      >
        {(p) => (
          <textarea
            {...p}
            className="mono"
            rows={4}
            value={text}
            onChange={(e) => setText(e.target.value)}
            autoComplete="off"
            spellCheck={false}
          />
        )}
      </Field>
      <ExactField
        label={t('setup:join.code')}
        hint={t('setup:restore.codeHint')}
        error={restore.touched ? codeError : null}
        value={code}
        onChange={setCode}
      />
    </SetupForm>
  )
}
