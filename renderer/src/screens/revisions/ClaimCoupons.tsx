// A worker claims the coupons of their workloads in closed months, signing with the wallet's
// recovery words, and sees the balances by subsystem. The words are forgotten afterwards.
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { call, useApi } from '../../api.ts'
import type { BridgeError } from '../../bridge.ts'
import { wordsOf } from '../../components/forms.ts'
import { notify } from '../../components/toasts.tsx'
import { Empty, ErrorText } from '../../components/ui.tsx'
import { WordsInput, wordsValid } from '../../components/WordsInput.tsx'
import { formatTime, toBig } from '../../format.ts'
import { useCollectives } from '../../hooks.ts'

export function ClaimCoupons() {
  const { t } = useTranslation()
  const names = useCollectives()
  const [text, setText] = useState('')
  const [touched, setTouched] = useState(false)
  const [key, setKey] = useState<string | null>(null)
  const [error, setError] = useState<BridgeError | null>(null)
  const [busy, setBusy] = useState(false)
  const wallet = useApi('view.wallet', { key: key ?? '0'.repeat(64) }, { enabled: !!key })
  const revisions = useApi('view.revisions', {})
  const closed = new Set(
    (revisions.data ?? []).flatMap((r) => r.members.map((m) => `${m}/${r.period}`))
  )
  const claimable = (wallet.data?.workloads ?? []).filter(
    (w) => !w.claimedBy && closed.has(`${w.collective}/${w.period}`)
  )

  const open = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (!wordsValid(text)) return
    setError(null)
    try {
      setKey((await call('wallet.fromWords', { words: wordsOf(text) })).key)
    } catch (err) {
      setError(err as BridgeError)
    }
  }
  const claim = async () => {
    setBusy(true)
    setError(null)
    try {
      const { results, claimed } = await call('wallet.claim', {
        words: wordsOf(text),
        workloads: claimable.slice(0, 500).map((w) => w.id)
      })
      notify('ok', t('revisions:claim.claimed', { count: claimed }))
      const refused = results.flatMap(({ result }) => (result.status === 'refused' ? [result] : []))
      if (refused[0]) notify('bad', t('tx.refusedNotSent', { reason: refused[0].reason }), 12_000)
    } catch (err) {
      setError(err as BridgeError)
    } finally {
      setBusy(false)
    }
  }
  const forget = () => {
    setText('')
    setKey(null)
    setTouched(false)
  }

  const bySubsystem = new Map<string, bigint>()
  for (const b of wallet.data?.balances ?? [])
    bySubsystem.set(
      b.subsystem ?? '?',
      (bySubsystem.get(b.subsystem ?? '?') ?? 0n) + toBig(b.amount)
    )

  return (
    <section className="card stack" aria-labelledby="claim-title">
      <h2 id="claim-title">{t('revisions:claim.title')}</h2>
      <p className="muted">{t('revisions:claim.explain')}</p>
      {!key ? (
        <form className="stack" onSubmit={open} noValidate>
          <WordsInput value={text} onChange={setText} touched={touched} />
          <div>
            <button className="primary" type="submit">
              {t('revisions:claim.open')}
            </button>
          </div>
        </form>
      ) : (
        <div className="stack">
          <p className="mono muted">{t('people:card.key', { key: key.slice(0, 16) })}</p>
          <h3>{t('revisions:claim.balances')}</h3>
          {bySubsystem.size === 0 ? (
            <Empty>{t('revisions:claim.noBalance')}</Empty>
          ) : (
            <ul>
              {[...bySubsystem].map(([sub, amount]) => {
                // Coupons are spent at the shops (dispatchers) of the subsystem they come from.
                const shops = names.list
                  .filter((c) => c.subsystem === sub && c.roles.includes('dispatcher'))
                  .map((c) => c.name)
                const origins = (
                  wallet.data?.balances.filter((b) => (b.subsystem ?? '?') === sub) ?? []
                ).map((b) => b.originName || names.name(b.origin))
                return (
                  <li key={sub}>
                    {shops.length > 0
                      ? t('revisions:claim.inSubsystem', { members: shops.join(', ') })
                      : t('revisions:claim.noShop', { origins: origins.join(', ') })}
                    : <strong>{formatTime(amount)}</strong>
                  </li>
                )
              })}
            </ul>
          )}
          <p>
            {t('revisions:claim.claimable', {
              count: claimable.length,
              hours: formatTime(claimable.reduce((s, w) => s + toBig(w.minutes), 0n))
            })}
          </p>
          <div className="row">
            <button
              className="primary"
              onClick={() => void claim()}
              disabled={busy || claimable.length === 0}
            >
              {t('revisions:claim.submit')}
            </button>
            <button onClick={forget}>{t('revisions:claim.forget')}</button>
          </div>
        </div>
      )}
      <ErrorText error={error} />
    </section>
  )
}
