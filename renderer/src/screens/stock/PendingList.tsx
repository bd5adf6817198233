// Transactions waiting for this collective's co-signature: a transfer to us, a trust request,
// a settlement. Sign or decline (with a reason).
import { useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { takeFromLot } from '../../../../core/economics/split.ts'
import { useApi, useCall } from '../../api.ts'
import type { PendingTx } from '../../api-types.ts'
import { useRefusal } from '../../components/refusal.ts'
import { notify } from '../../components/toasts.tsx'
import { Empty, ErrorText, QueryState } from '../../components/ui.tsx'
import { formatDate, formatQuantity, formatTime, toBig } from '../../format.ts'
import { useCollectives, useProducts } from '../../hooks.ts'

/** What a transfer would bring: the product and the value moving with it, from the giver's lot. */
function TransferGoods({ p }: { p: PendingTx }) {
  const { t } = useTranslation()
  const names = useCollectives()
  const products = useProducts()
  const b = p.body
  const tx = useApi('view.transaction', { id: p.id })
  const signers = (tx.data?.pending as { tx?: { signers?: string[] } } | null)?.tx?.signers ?? []
  const giver = signers.find((s) => s !== b.to)
  const lots = useApi('view.lots', { owner: giver }, { enabled: !!giver })
  const lot = lots.data?.find((l) => l.id === b.lot)
  const quantity = toBig(b.quantity)
  if (!lot || quantity <= 0n || quantity > toBig(lot.quantity))
    return (
      <>
        {t('stock:pending.transfer', {
          quantity: b.quantity,
          to: names.name(b.to),
          lot: String(b.lot).slice(0, 8)
        })}
      </>
    )
  const { taken } = takeFromLot(toBig(lot.value), toBig(lot.quantity), quantity)
  return (
    <>
      {t('stock:pending.transferGoods', {
        quantity: formatQuantity(quantity, products.byId.get(lot.product)?.unit),
        product: lot.productName || products.name(lot.product),
        value: formatTime(taken),
        to: names.name(b.to)
      })}
    </>
  )
}

function Describe({ p }: { p: PendingTx }) {
  const { t } = useTranslation()
  const names = useCollectives()
  const products = useProducts()
  const b = p.body
  if (p.type === 'resource.transfer') return <TransferGoods p={p} />
  if (p.type === 'trust.establish')
    return <>{t('stock:pending.trust', { a: names.name(b.a), b: names.name(b.b) })}</>
  if (p.type === 'settlement.record')
    return (
      <>
        {t('stock:pending.settlement', {
          from: names.name(b.from),
          to: names.name(b.to),
          count: (b.lots as unknown[]).length
        })}
      </>
    )
  if (p.type === 'order.place')
    return (
      <>
        {formatQuantity(b.quantity, products.byId.get(b.product)?.unit)} {products.name(b.product)}
      </>
    )
  return <span className="mono">{JSON.stringify(b).slice(0, 160)}</span>
}

export function PendingList() {
  const { t } = useTranslation()
  const refusal = useRefusal()
  const pending = useApi('view.pending', {})
  const cosign = useCall('tx.cosign')
  const decline = useCall('tx.decline')
  const [reason, setReason] = useState<Record<string, string>>({})
  // Answers already sent, by transaction: a double click reaches the handler twice before the
  // button turns disabled, and the second co-signature was appended and refused (NOT_PENDING),
  // its toast the only one shown (a mutation reports to its last caller only).
  const answering = useRef(new Set<string>())
  const once = (id: string, send: (done: () => void) => void) => {
    if (answering.current.has(id)) return
    answering.current.add(id)
    send(() => answering.current.delete(id))
  }

  return (
    <section className="card" aria-labelledby="pending-title" id="pending">
      <h2 id="pending-title">{t('stock:pending.title')}</h2>
      <QueryState query={pending}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('stock:pending.none')}</Empty>
          ) : (
            <ul className="stack">
              {list.map((p) => {
                // The ledger judges expiry by the co-signature's declared time, which is now.
                const expired = p.expires < Date.now()
                return (
                  <li key={p.id} className="stack">
                    <div>
                      <strong>{t(`txType.${p.type}`, { defaultValue: p.type })}</strong>{' '}
                      {t('stock:pending.from', { names: p.from.join(', ') })} · <Describe p={p} />
                      <div className={expired ? 'error' : 'muted'}>
                        {t(expired ? 'stock:pending.expired' : 'stock:pending.expires', {
                          when: formatDate(p.expires, true)
                        })}
                      </div>
                    </div>
                    <div className="row">
                      <button
                        className="primary"
                        disabled={cosign.isPending || expired}
                        onClick={() =>
                          once(p.id, (release) =>
                            cosign.mutate(
                              { id: p.id },
                              {
                                onSettled: release,
                                onSuccess: (result) => {
                                  // The co-signature's own outcome, and then the transaction's:
                                  // signed is not yet done, the ledger may still refuse it.
                                  const done =
                                    result.status === 'accepted' ? result.completed : undefined
                                  const what = t(`txType.${p.type}`, { defaultValue: p.type })
                                  if (result.status === 'refused')
                                    notify(
                                      'bad',
                                      t('tx.refusedNotSent', {
                                        reason: refusal(result.code, result.reason)
                                      }),
                                      12_000
                                    )
                                  else if (done?.status === 'rejected')
                                    notify(
                                      'bad',
                                      t('stock:pending.refusedAtCompletion', {
                                        what,
                                        reason: refusal(done.code ?? '', done.reason ?? '')
                                      }),
                                      12_000
                                    )
                                  else if (result.status === 'pending' || !done)
                                    notify('info', t('stock:pending.signedWaiting', { what }))
                                  else notify('ok', t('stock:pending.signed', { what }))
                                }
                              }
                            )
                          )
                        }
                      >
                        {t('stock:pending.sign')}
                      </button>
                      <label className="visually-hidden" htmlFor={`decline-${p.id}`}>
                        {t('stock:pending.reason')}
                      </label>
                      <input
                        id={`decline-${p.id}`}
                        placeholder={t('stock:pending.reason')}
                        value={reason[p.id] ?? ''}
                        onChange={(e) => setReason({ ...reason, [p.id]: e.target.value })}
                      />
                      <button
                        disabled={decline.isPending}
                        onClick={() =>
                          once(p.id, (release) =>
                            decline.mutate(
                              {
                                id: p.id,
                                ...(reason[p.id]?.trim() ? { reason: reason[p.id]!.trim() } : {})
                              },
                              {
                                onSettled: release,
                                onSuccess: (result) =>
                                  result.status === 'refused'
                                    ? notify(
                                        'bad',
                                        t('tx.refusedNotSent', {
                                          reason: refusal(result.code, result.reason)
                                        }),
                                        12_000
                                      )
                                    : notify('info', t('stock:pending.declined'))
                              }
                            )
                          )
                        }
                      >
                        {t('stock:pending.decline')}
                      </button>
                    </div>
                  </li>
                )
              })}
            </ul>
          )
        }
      </QueryState>
      <ErrorText error={cosign.error ?? decline.error} />
    </section>
  )
}
