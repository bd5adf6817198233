// A one-time invite code for a new collective, in every form it can travel: copied into a
// message, scanned from the screen as a QR code, saved as a file (a USB stick, an e-mail), or
// read out in short groups that the join form puts back together. Both apps must be online
// while the newcomer joins.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useCall } from '../../api.ts'
import { notify } from '../../components/toasts.tsx'
import { ErrorText } from '../../components/ui.tsx'
import { formatDate } from '../../format.ts'
import { QrImage } from '../people/WalletCard.tsx'

/** The code in groups of four, for reading out; the join form ignores the spaces. */
export function groupCode(code: string): string[] {
  return code.split('.').map((part) => part.match(/.{1,4}/g)?.join(' ') ?? '')
}

function InviteCode({ code, expires }: { code: string; expires: number }) {
  const { t } = useTranslation()
  // The code alone, as a text file: what the join form's file picker reads.
  const file = `data:text/plain;charset=utf-8,${encodeURIComponent(code + '\n')}`
  const [copied, setCopied] = useState(false)
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(code)
      setCopied(true)
      notify('ok', t('trust:invite.copied'))
    } catch {
      notify('bad', t('trust:invite.copyFailed'))
    }
  }
  return (
    <div className="stack invite" data-testid="invite">
      <p role="status">
        {t('trust:invite.code')}{' '}
        <span className="muted">({t('trust:invite.expires', { when: formatDate(expires, true) })})</span>
      </p>
      <p className="invite-code mono" aria-label={t('trust:invite.groups')}>
        {groupCode(code).join(' . ')}
      </p>
      <div className="row">
        <button type="button" onClick={() => void copy()}>
          {copied ? t('trust:invite.copiedButton') : t('trust:invite.copy')}
        </button>
        <a className="button" href={file} download="stachanov-invite.txt">
          {t('trust:invite.save')}
        </a>
      </div>
      <figure className="invite-qr">
        <QrImage text={code} label={t('trust:invite.qr')} />
        <figcaption className="muted">{t('trust:invite.qrHint')}</figcaption>
      </figure>
    </div>
  )
}

export function Invite() {
  const { t } = useTranslation()
  const invite = useCall('network.invite')
  return (
    <section className="card stack" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('trust:invite.title')}</h2>
      <p className="muted">{t('trust:invite.explain')}</p>
      {invite.data && <InviteCode code={invite.data.code} expires={invite.data.expires} />}
      <div>
        <button className="primary" onClick={() => invite.mutate({})} disabled={invite.isPending}>
          {t('trust:invite.create')}
        </button>
      </div>
      <ErrorText error={invite.error} />
    </section>
  )
}
