// The wallet card's code, however it arrives: the camera or a picture (QrScanner), a USB
// scanner typing into the field, or pasted. Shared by the forms that take a card.
import { useTranslation } from 'react-i18next'
import { QrScanner } from './QrScanner.tsx'
import { ExactField } from './ExactField.tsx'

export function CardField({
  value,
  onChange,
  error
}: {
  value: string
  onChange: (code: string) => void
  error?: string | null | undefined
}) {
  const { t } = useTranslation()
  return (
    <>
      <QrScanner onCode={onChange} />
      <ExactField label={t('wallet.card')} hint={t('wallet.cardHint')} error={error} value={value} onChange={onChange} />
    </>
  )
}
