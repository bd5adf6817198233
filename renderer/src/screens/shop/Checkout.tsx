// The checkout: goods in the basket, the total in labour time (commons goods free), the person
// signs the spending with the wallet: a scanned card or one kept on this device, each with its
// PIN (never the 24 words, which are for recovery). The till (core/workflows/till.ts) does the rest in one
// call: the stock check, the payment, and keeping the goods for the till's closing batch.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call, useApi } from '../../api.ts'
import type { BridgeError } from '../../bridge.ts'
import { explain, quantityOf } from '../../components/forms.ts'
import { notify } from '../../components/toasts.tsx'
import { useRefusal } from '../../components/refusal.ts'
import { ErrorText } from '../../components/ui.tsx'
import { choiceOf, emptyPick, WalletPicker } from '../../components/WalletPicker.tsx'
import { formatQuantity, formatTime, toBig } from '../../format.ts'
import { useMe, useProducts } from '../../hooks.ts'
import { Basket, type Line } from './Basket.tsx'

export function Checkout() {
  const { t } = useTranslation()
  const refusal = useRefusal()
  const me = useMe()
  const products = useProducts()
  const prices = useApi('view.prices', {})
  const lots = useApi('view.lots', { owner: me?.id }, { enabled: !!me })
  const till = useApi('shop.till', {}, { enabled: !!me?.roles.includes('dispatcher') })
  const [lines, setLines] = useState<Line[]>([])
  const [pick, setPick] = useState(emptyPick)
  const [touched, setTouched] = useState(false)
  const [balance, setBalance] = useState<bigint | null>(null)
  const [busy, setBusy] = useState(false)
  const [error, setError] = useState<BridgeError | null>(null)
  const [walletRefusal, setWalletRefusal] = useState<string | null>(null)

  const priceOf = new Map((prices.data ?? []).map((p) => [p.product, p]))
  /** Line total in µmin: ceil(value · q / quantity) of the subsystem's price basis; commons free. */
  const lineTotal = (l: Line): bigint => {
    const q = quantityOf(l.quantity)
    const p = priceOf.get(l.product)
    if (!q.ok || !p || products.byId.get(l.product)?.commons) return 0n
    const den = toBig(p.quantity)
    return den === 0n ? 0n : (toBig(p.value) * q.value + den - 1n) / den
  }
  const total = lines.reduce((s, l) => s + lineTotal(l), 0n)
  // What the shop can hand out, by product: its lots that serve no production, less what the
  // till's open session already sold. The till checks the same before the person pays.
  const inStock = new Map<string, bigint>()
  for (const lot of lots.data ?? [])
    if (!lot.allocatedTo)
      inStock.set(lot.product, (inStock.get(lot.product) ?? 0n) + toBig(lot.quantity))
  for (const [product, sold] of Object.entries(till.data?.goods ?? {}))
    inStock.set(product, (inStock.get(product) ?? 0n) - toBig(sold))
  const wanted = new Map<string, bigint>()
  for (const l of lines) {
    const q = quantityOf(l.quantity)
    if (q.ok) wanted.set(l.product, (wanted.get(l.product) ?? 0n) + q.value)
  }
  const lineErrors = lines.map((l) => {
    const q = quantityOf(l.quantity)
    if (!q.ok) return explain(t, q)
    const held = (inStock.get(l.product) ?? 0n) > 0n ? (inStock.get(l.product) ?? 0n) : 0n
    return wanted.get(l.product)! > held
      ? t('shop:onlyInStock', {
          quantity: formatQuantity(held, products.byId.get(l.product)?.unit)
        })
      : null
  })

  // A quantity of -1, 0 or 2,5 prices its line at nothing: the button must not then offer to
  // hand the goods out free, it says what to correct (the mistakes show as they are typed).
  const basketWrong = lineErrors.some(Boolean)

  const checkBalance = async () => {
    setTouched(true)
    const chosen = choiceOf(pick)
    if (!chosen) return
    setError(null)
    try {
      const { key } =
        'kept' in chosen ? { key: chosen.kept } : await call('wallet.key', { wallet: chosen })
      const wallet = await call('view.wallet', { key })
      setBalance(
        wallet.balances
          .filter((b) => !me?.subsystem || b.subsystem === me.subsystem)
          .reduce((s, b) => s + toBig(b.amount), 0n)
      )
    } catch (err) {
      setError(err as BridgeError)
    }
  }

  const pay = async () => {
    setTouched(true)
    const wallet = choiceOf(pick)
    if (lines.length === 0 || lineErrors.some(Boolean) || (total > 0n && !wallet)) return
    setBusy(true)
    setError(null)
    setWalletRefusal(null)
    try {
      const result = await call('shop.checkout', {
        lines: lines.map((l) => ({
          product: l.product,
          quantity: (quantityOf(l.quantity) as { value: bigint }).value.toString()
        })),
        ...(total > 0n && wallet ? { wallet } : {})
      })
      if (result.status === 'refused') {
        // The ledger refused the spending: its sentence, in the interface's language, goes
        // next to the wallet.
        setWalletRefusal(refusal(result.spend.code, result.spend.reason))
        return
      }
      if (result.status === 'short') {
        void lots.refetch()
        void till.refetch()
        return
      }
      notify('ok', t('shop:paid', { amount: formatTime(toBig(result.amount)) }))
      void till.refetch()
      setLines([])
      setPick(emptyPick)
      setBalance(null)
      setTouched(false)
    } catch (err) {
      setError(err as BridgeError)
    } finally {
      setBusy(false)
    }
  }

  return (
    <section className="card stack" aria-labelledby="checkout-title">
      <h2 id="checkout-title">{t('shop:checkout')}</h2>
      <Basket
        lines={lines}
        setLines={setLines}
        lineTotal={lineTotal}
        errors={lineErrors.map((e, i) => (touched || lines[i]!.quantity.trim() ? e : null))}
      />
      <p className="stat">
        <span className="label">{t('shop:total')}</span>{' '}
        <span className="value">{formatTime(total)}</span>
      </p>
      {total > 0n && (
        <>
          <WalletPicker value={pick} onChange={setPick} touched={touched} refusal={walletRefusal} />
          <div className="row">
            <button type="button" onClick={() => void checkBalance()}>
              {t('shop:checkBalance')}
            </button>
            {balance !== null && (
              <span role="status" className={balance < total ? 'error' : ''}>
                {t('shop:balance', { amount: formatTime(balance) })}
              </span>
            )}
          </div>
        </>
      )}
      <ErrorText error={error} />
      <p className="muted">{t('shop:confirmHint')}</p>
      <div>
        <button
          className="primary"
          onClick={() => void pay()}
          disabled={busy || lines.length === 0 || basketWrong}
        >
          {busy
            ? t('shop:paying')
            : basketWrong
              ? t('shop:fixBasket')
              : total > 0n
              ? t('shop:pay', { amount: formatTime(total) })
              : t('shop:handOut')}
        </button>
      </div>
    </section>
  )
}
