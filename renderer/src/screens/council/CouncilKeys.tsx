// The council's key in the two forms people paste elsewhere: the verifier key (for
// `checkpoint verify --key`, the Verify screen and `report … --council-key`) and the same key
// as 64 hex digits. Each with a copy button, so nobody decodes base64 by hand.
import { useTranslation } from 'react-i18next'
import { notify } from '../../components/toasts.tsx'

function CopyButton({ text, label }: { text: string; label: string }) {
  const { t } = useTranslation()
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text)
      notify('ok', t('council:copied'))
    } catch {
      notify('bad', t('council:copyFailed'))
    }
  }
  return (
    <button type="button" onClick={() => void copy()} aria-label={label}>
      {t('council:copy')}
    </button>
  )
}

export default function CouncilKeys({ verifierKey, groupKey }: { verifierKey: string; groupKey: string }) {
  const { t } = useTranslation()
  return (
    <section className="card stack" data-testid="council-keys">
      <h2>{t('council:pin')}</h2>
      <p>{t('council:pinHelp')}</p>
      <div className="row">
        <code className="wrap" data-testid="verifier-key">{verifierKey}</code>
        <CopyButton text={verifierKey} label={t('council:copyPin')} />
      </div>
      <p>{t('council:hexHelp')}</p>
      <div className="row">
        <code className="wrap" data-testid="group-key">{groupKey}</code>
        <CopyButton text={groupKey} label={t('council:copyHex')} />
      </div>
    </section>
  )
}
