// The form's answer to a write that met a full disk (WRITE_UNSURE): it may have landed, so it
// is not shown as a refusal but as the node's sentence (may not be saved, checked once space
// is freed). What became of it is shown at the top of every screen (UnsureBanner.tsx), since
// this form may be gone by then.
import { useTranslation } from 'react-i18next'
import { asSentence, refusalText } from './refusal-text.ts'

export function UnsureWrite({ message }: { message: string }) {
  const { i18n } = useTranslation()
  return (
    <p className="error" role="alert" data-unsure-answer>
      {asSentence(refusalText(i18n, 'WRITE_UNSURE', message))}
    </p>
  )
}
