// A worker claims the coupons of their workloads in closed months, signing with the wallet the
// way they pay at the shop: the wallet card (scanned) and its PIN, or a wallet kept on this
// device and its PIN -- never the 24 words, which are for recovery. The node checks the PIN;
// the interface forgets the wallet afterwards.
import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { call, useApi } from '../../api.ts'
import type { BridgeError } from '../../bridge.ts'
import { notify } from '../../components/toasts.tsx'
import { Empty, ErrorText } from '../../components/ui.tsx'
import {
  choiceOf,
  emptyPick,
  WalletPicker,
  type WalletPick
} from '../../components/WalletPicker.tsx'
import { formatTime, toBig } from '../../format.ts'
import { useCollectives } from '../../hooks.ts'

export function ClaimCoupons() {
  const { t } = useTranslation()
  const names = useCollectives()
  const [pick, setPick] = useState<WalletPick>(emptyPick)
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
    const chosen = choiceOf(pick)
    if (!chosen) return
    setError(null)
    try {
      // The PIN is checked here already (a kept wallet counts the attempt), not only when claiming.
      setKey((await call('wallet.key', { wallet: chosen })).key)
    } catch (err) {
      setError(err as BridgeError)
    }
  }
  const claim = async () => {
    const chosen = choiceOf(pick)
    if (!chosen || 'words' in chosen) return
    setBusy(true)
    setError(null)
    try {
      const { results, claimed } = await call('wallet.claim', {
        wallet: chosen,
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
    setPick(emptyPick)
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
          <WalletPicker value={pick} onChange={setPick} touched={touched} />
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
