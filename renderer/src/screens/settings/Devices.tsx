import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { useAction } from '../../components/useAction.ts'
import { Empty, ErrorText, Field } from '../../components/ui.tsx'
import { useCollectives, useMe } from '../../hooks.ts'

/**
 * Removes a lost or replaced device (after restoring from the recovery words): asked twice,
 * since the device can no longer write once the ledger has it.
 */
function Unbind({ device }: { device: string }) {
  const { t } = useTranslation()
  const [asking, setAsking] = useState(false)
  const unbind = useAction(() => ({ type: 'device.unbind', body: { device } }), {
    onDone: () => setAsking(false)
  })
  if (!asking)
    return (
      <button
        onClick={() => setAsking(true)}
        aria-label={t('settings:devices.unbindNamed', { key: device.slice(0, 8) })}
      >
        {t('settings:devices.unbind')}
      </button>
    )
  return (
    <form className="row" onSubmit={unbind.onSubmit}>
      <span>{t('settings:devices.unbindConfirm')}</span>
      <button type="submit" className="danger" disabled={unbind.busy}>
        {t('settings:devices.unbindYes')}
      </button>
      <button type="button" onClick={() => setAsking(false)}>
        {t('cancel')}
      </button>
      <ErrorText error={unbind.error} />
    </form>
  )
}

/** The devices (app installations) that write for this collective. */
export function Devices() {
  const { t } = useTranslation()
  const me = useMe()
  const status = useApi('node.status', {})
  const names = useCollectives()
  const thisDevice = status.data?.state === 'ready' ? status.data.device : undefined
  const devices = (me && names.byId.get(me.id)?.devices) ?? []
  const [key, setKey] = useState('')
  const keyError = /^[0-9a-f]{64}$/.test(key.trim()) ? null : t('settings:devices.keyError')
  const bind = useAction(
    () => (keyError ? null : { type: 'device.bind', body: { device: key.trim() } }),
    { onDone: () => setKey(''), fields: { DEVICE_TAKEN: 'key' } }
  )
  return (
    <section className="card stack" aria-labelledby="devices-title">
      <h2 id="devices-title">{t('settings:devices.title')}</h2>
      <p className="muted">{t('settings:devices.explain')}</p>
      {devices.length === 0 ? (
        <Empty>{t('settings:devices.none')}</Empty>
      ) : (
        <ul>
          {devices.map((d) => (
            <li key={d} className="mono">
              {d.slice(0, 24)}…{' '}
              {d === thisDevice ? (
                <strong>({t('settings:devices.this')})</strong>
              ) : (
                devices.length > 1 && <Unbind device={d} />
              )}
            </li>
          ))}
        </ul>
      )}
      <form className="row" onSubmit={bind.onSubmit} noValidate>
        <Field
          label={t('settings:devices.add')}
          hint={t('settings:devices.addHint')}
          error={(bind.touched ? keyError : null) ?? bind.fieldError('key')}
        >
          {(p) => (
            <input
              {...p}
              className="mono"
              size={40}
              value={key}
              onChange={(e) => setKey(e.target.value.toLowerCase())}
            />
          )}
        </Field>
        <button type="submit" disabled={bind.busy}>
          {t('settings:devices.bind')}
        </button>
      </form>
      <ErrorText error={bind.error} />
    </section>
  )
}
