import { useTranslation } from 'react-i18next'
import { useCall } from '../../api.ts'
import { ErrorText } from '../../components/ui.tsx'
import { formatDate } from '../../format.ts'

/** A one-time invite code for a new collective; both apps must be online while it joins. */
export function Invite() {
  const { t } = useTranslation()
  const invite = useCall('network.invite')
  return (
    <section className="card stack" aria-labelledby="invite-title">
      <h2 id="invite-title">{t('trust:invite.title')}</h2>
      <p className="muted">{t('trust:invite.explain')}</p>
      {invite.data && (
        <p role="status">
          {t('trust:invite.code')} <strong className="mono">{invite.data.code}</strong>{' '}
          <span className="muted">
            ({t('trust:invite.expires', { when: formatDate(invite.data.expires, true) })})
          </span>
        </p>
      )}
      <div>
        <button className="primary" onClick={() => invite.mutate({})} disabled={invite.isPending}>
          {t('trust:invite.create')}
        </button>
      </div>
      <ErrorText error={invite.error} />
    </section>
  )
}
