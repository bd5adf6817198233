import { useTranslation } from 'react-i18next'
import { wordsOf } from './forms.ts'
import { Field } from './ui.tsx'

/**
 * A person's 24 recovery words, typed or scanned from the card's QR code (a USB QR scanner
 * types like a keyboard). The words stay in this form only; nothing stores them.
 */
export function WordsInput({
  value,
  onChange,
  touched,
  refusal
}: {
  value: string
  onChange: (text: string) => void
  touched: boolean
  /** The ledger's sentence when it refused what the wallet signed (e.g. too few coupons). */
  refusal?: string | null
}) {
  const { t } = useTranslation()
  const count = wordsOf(value).length
  const error = count === 24 ? null : t('wallet.count', { count })
  return (
    <Field
      label={t('wallet.words')}
      hint={t('wallet.hint')}
      error={(touched ? error : null) ?? refusal}
    >
      {(p) => (
        <textarea
          {...p}
          className="mono"
          rows={3}
          value={value}
          onChange={(e) => onChange(e.target.value)}
          autoComplete="off"
          spellCheck={false}
        />
      )}
    </Field>
  )
}

export const wordsValid = (text: string) => wordsOf(text).length === 24
