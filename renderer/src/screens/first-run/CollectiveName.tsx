import { useTranslation } from 'react-i18next'
import { Field } from '../../components/ui.tsx'

/** The collective's name: the same field when founding a network and when joining one. */
export function CollectiveName({
  value,
  onChange,
  error
}: {
  value: string
  onChange: (name: string) => void
  error: string | null
}) {
  const { t } = useTranslation()
  return (
    <Field label={t('setup:create.name')} hint={t('setup:create.nameHint')} error={error}>
      {(p) => (
        <input
          {...p}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="organization"
        />
      )}
    </Field>
  )
}
