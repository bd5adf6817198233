// Settings → Network: what the node uses now, the saved bootstrap nodes and direct peers
// (taking effect at the next start), and sync through a folder.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call, useApi, useProgress } from '../../api.ts'
import { notify } from '../../components/toasts.tsx'
import { useFormCall } from '../../components/useAction.ts'
import { ErrorText, Field, QueryState } from '../../components/ui.tsx'
import type { NetworkSettings } from '../../api-types.ts'
import { SyncStatus } from './SyncStatus.tsx'

const ADDRESS = /^[^\s:]+:\d{1,5}$/
const lines = (text: string) =>
  text
    .split(/[\n,]+/)
    .map((l) => l.trim())
    .filter(Boolean)

/** What the node uses now, in words: an empty field above means the default, not nothing. */
function InUse({ inUse }: { inUse: NetworkSettings['inUse'] }) {
  const { t } = useTranslation()
  if (!inUse) return null
  const bootstrap = !inUse.swarm
    ? t('settings:network.noSwarm')
    : inUse.bootstrap
      ? inUse.bootstrap.join(', ')
      : t('settings:network.publicDht')
  return (
    <div className="stack">
      <h3>{t('settings:network.inUse')}</h3>
      <dl className="facts">
        <dt>{t('settings:network.bootstrap')}</dt>
        <dd>{bootstrap}</dd>
        <dt>{t('settings:network.peers')}</dt>
        <dd>
          {inUse.directPeers.length ? inUse.directPeers.join(', ') : t('settings:network.noPeers')}
        </dd>
      </dl>
    </div>
  )
}

function Addresses({ initial }: { initial: { bootstrap?: string[]; directPeers?: string[] } }) {
  const { t } = useTranslation()
  const [bootstrap, setBootstrap] = useState((initial.bootstrap ?? []).join('\n'))
  const [peers, setPeers] = useState((initial.directPeers ?? []).join('\n'))
  const bad = (text: string) => lines(text).filter((l) => !ADDRESS.test(l))
  const errors = { bootstrap: bad(bootstrap), peers: bad(peers) }
  const save = useFormCall(
    () =>
      errors.bootstrap.length || errors.peers.length
        ? null
        : call('network.configure', { bootstrap: lines(bootstrap), directPeers: lines(peers) }),
    { onDone: () => notify('ok', t('settings:network.saved')) }
  )
  const message = (list: string[]) =>
    list.length ? t('settings:network.badAddress', { address: list.join(', ') }) : null
  return (
    <form className="stack" onSubmit={save.onSubmit} noValidate>
      <div className="grid-2">
        <Field
          label={t('settings:network.bootstrap')}
          hint={t('settings:network.bootstrapHint')}
          error={message(errors.bootstrap)}
        >
          {(p) => (
            <textarea
              {...p}
              className="mono"
              rows={3}
              value={bootstrap}
              onChange={(e) => setBootstrap(e.target.value)}
            />
          )}
        </Field>
        <Field
          label={t('settings:network.peers')}
          hint={t('settings:network.peersHint')}
          error={message(errors.peers)}
        >
          {(p) => (
            <textarea
              {...p}
              className="mono"
              rows={3}
              value={peers}
              onChange={(e) => setPeers(e.target.value)}
            />
          )}
        </Field>
      </div>
      <ErrorText error={save.error} />
      <div>
        <button type="submit">{t('save')}</button>{' '}
        <span className="muted">{t('settings:network.restart')}</span>
      </div>
    </form>
  )
}

function FolderSync() {
  const { t } = useTranslation()
  const progress = useProgress()
  const [path, setPath] = useState('')
  const task = progress.get('sync-folder')
  const sync = useFormCall(
    () => (path.trim() ? call('network.syncFolder', { path: path.trim() }) : null),
    { onDone: () => notify('ok', t('settings:folder.done')) }
  )
  return (
    <form className="stack" onSubmit={sync.onSubmit} noValidate>
      <h3>{t('settings:folder.title')}</h3>
      <p className="muted">{t('settings:folder.explain')}</p>
      <div className="row">
        <Field label={t('settings:folder.path')} hint={t('settings:folder.pathHint')}>
          {(p) => (
            <input
              {...p}
              className="mono"
              size={40}
              value={path}
              onChange={(e) => setPath(e.target.value)}
            />
          )}
        </Field>
        <button type="submit" disabled={sync.busy || !path.trim()}>
          {t('settings:folder.submit')}
        </button>
      </div>
      {sync.busy && (
        <div role="status">
          <label>
            {task ? t('settings:folder.progress', task) : t('settings:folder.starting')}
            {task ? <progress max={task.total} value={task.done} /> : <progress />}
          </label>
        </div>
      )}
      <ErrorText error={sync.error} />
    </form>
  )
}

export function Network() {
  const { t } = useTranslation()
  const settings = useApi('network.settings', {})
  const peers = useApi('network.peers', {}, { refetchInterval: 10_000 })
  return (
    <section className="card stack" id="network" aria-labelledby="network-title">
      <h2 id="network-title">{t('settings:network.title')}</h2>
      <p>{peers.data ? t('settings:network.connected', { count: peers.data.peers }) : '…'}</p>
      <SyncStatus />
      <QueryState query={settings}>
        {(s) => (
          <>
            <InUse inUse={s.inUse} />
            <Addresses initial={s} />
          </>
        )}
      </QueryState>
      <FolderSync />
    </section>
  )
}
