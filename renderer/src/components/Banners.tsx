// Things the person should know at all times: the node is unreachable or in trouble (a fault,
// FaultBanner.tsx), a demo is open, a long task is running (with its progress; it never blocks
// the window).
import { useTranslation } from 'react-i18next'
import { useCall, useConnection, useProgress } from '../api.ts'
import type { NodeStatus } from '../api-types.ts'
import { FaultBanner } from './FaultBanner.tsx'
import { UnsureBanner } from './UnsureBanner.tsx'
import { ErrorText } from './ui.tsx'

export function ConnectionBanner() {
  const { t } = useTranslation()
  const { state, attempt } = useConnection()
  if (state === 'no-token')
    return (
      <div className="banner warn" role="alert">
        {t('connection.noToken')}
      </div>
    )
  if (state === 'bad-token')
    return (
      <div className="banner warn" role="alert">
        {t('connection.badToken')}
      </div>
    )
  if (state !== 'reconnecting') return null
  return (
    <div className="banner warn" role="status">
      {t('connection.reconnecting')}{' '}
      {attempt > 3 && <span className="muted">{t('connection.stillTrying', { attempt })}</span>}
    </div>
  )
}

export function ProgressBanner() {
  const { t } = useTranslation()
  const tasks = useProgress()
  if (tasks.size === 0) return null
  return (
    <>
      {[...tasks].map(([task, { done, total }]) => (
        <div className="banner info" key={task}>
          <label>
            {t(`progress.${task}`, { defaultValue: task })} ({done} / {total})
            <progress max={total} value={done} />
          </label>
        </div>
      ))}
    </>
  )
}

function DemoBanner({ demo }: { demo: { file: string; title: string } }) {
  const { t } = useTranslation()
  const leave = useCall('setup.leaveDemo')
  return (
    <div className="banner info">
      {t('demo.banner', { title: demo.title || demo.file })}{' '}
      <button onClick={() => leave.mutate({})} disabled={leave.isPending}>
        {t('demo.leave')}
      </button>
      <ErrorText error={leave.error} />
    </div>
  )
}

export function Banners({ status }: { status?: NodeStatus }) {
  const { t } = useTranslation()
  return (
    <section className="banners" aria-label={t('notices')}>
      <ConnectionBanner />
      <FaultBanner />
      <UnsureBanner />
      <ProgressBanner />
      {status?.demo && <DemoBanner demo={status.demo} />}
    </section>
  )
}
