// Writes that met a full disk (WRITE_UNSURE), followed to their outcome at the top of every
// screen: the form that sent one may be gone by the time space returns (the screens are
// replaced while the node reopens its storage, or the page is reloaded). The ids the node listed
// as unsure (status.unsure) are kept in this tab's sessionStorage; while listed, the banner says
// the write will be checked; once the node has checked it against its log (and appended it
// again if it was missing), the banner says what became of it, read from the log, until the
// clerk puts it aside. One the node forgot (restarted before space returned) and that is not in
// its log was not saved: the banner says so, and that it must be entered again.
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../api.ts'
import { asSentence, refusalText } from './refusal-text.ts'

const KEY = 'stachanov.unsureWrites'

interface Watched {
  id: string
  type: string
}

function load(): Watched[] {
  try {
    const kept = JSON.parse(sessionStorage.getItem(KEY) ?? '[]') as unknown
    return Array.isArray(kept) ? (kept as Watched[]) : []
  } catch {
    return []
  }
}

export function UnsureBanner() {
  const status = useApi('node.status', {})
  const ready = status.data?.state === 'ready' ? status.data : null
  const [watched, setWatched] = useState<Watched[]>(load)
  const listed = ready?.unsure
  // Ids newly listed join the watched ones at once (React's update during render, no effect).
  const fresh = (listed ?? []).filter((write) => !watched.some((w) => w.id === write.id))
  if (fresh.length > 0) setWatched([...watched, ...fresh.map(({ id, type }) => ({ id, type }))])
  useEffect(() => sessionStorage.setItem(KEY, JSON.stringify(watched)), [watched])
  const dismiss = (id: string) => setWatched(watched.filter((w) => w.id !== id))
  return (
    <>
      {watched.map((write) => (
        <UnsureNotice
          key={write.id}
          id={write.id}
          // Checked once the node no longer lists it and has no fault (it checks before the fault ends).
          checked={ready !== null && ready.fault === null && !ready.unsure.some((w) => w.id === write.id)}
          onDismiss={() => dismiss(write.id)}
        />
      ))}
    </>
  )
}

function UnsureNotice({ id, checked, onDismiss }: { id: string; checked: boolean; onDismiss: () => void }) {
  const { t, i18n } = useTranslation()
  const found = useApi('view.transaction', { id }, { enabled: checked })
  const short = id.slice(0, 8)
  if (!checked || !found.data) {
    return (
      <div className="banner warn" role="status" data-unsure="waiting">
        {t('unsure.waiting', { id: short })}
      </div>
    )
  }
  const record = found.data.record
  const outcome = !record
    ? t('unsure.lost', { id: short })
    : record.status === 'accepted'
      ? t('unsure.accepted', { id: short })
      : record.status === 'pending'
        ? t('unsure.pending', { id: short })
        : t('unsure.rejected', { id: short, reason: asSentence(refusalText(i18n, record.code ?? '', record.reason ?? '')) })
  return (
    <div className={`banner ${record && record.status !== 'rejected' ? 'info' : 'bad'}`} role="status" data-unsure={record?.status ?? 'lost'}>
      {outcome}{' '}
      <button type="button" onClick={onDismiss}>
        {t('unsure.dismiss')}
      </button>
    </div>
  )
}
