// Corrections of an order (issue 10), each asked for before it is sent: the orderer withdraws
// it, the producer declines it, both until the output; the producer replaces an estimate no
// production has started on. The ledger decides; its refusal shows in the panel.
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import type { Order } from '../../api-types.ts'
import { ConfirmAction } from '../../components/ConfirmAction.tsx'
import { explain, hoursOf } from '../../components/forms.ts'
import { useAction } from '../../components/useAction.ts'
import { ErrorText, Field } from '../../components/ui.tsx'
import { formatTime } from '../../format.ts'
import { useMe } from '../../hooks.ts'

/** Until the output, an order can still be taken back. */
const correctable = (o: Order) =>
  o.status === 'open' || o.status === 'estimated' || o.status === 'started'

function ReplaceEstimate({ order }: { order: Order }) {
  const { t } = useTranslation()
  const [open, setOpen] = useState(false)
  const [hours, setHours] = useState('')
  const parsed = hoursOf(hours)
  const error = explain(t, parsed)
  const replace = useAction(
    () =>
      error || !parsed.ok || !order.estimate
        ? null
        : {
            type: 'estimate.replace',
            body: { estimate: order.estimate, minutes: parsed.value.toString() }
          },
    { onDone: () => (setOpen(false), setHours('')) }
  )
  if (!open)
    return (
      <button type="button" className="link" onClick={() => setOpen(true)}>
        {t('corrections:estimate.open')}
      </button>
    )
  return (
    <form
      className="card stack confirm"
      onSubmit={replace.onSubmit}
      noValidate
      aria-label={t('corrections:estimate.open')}
    >
      <p>
        <strong>
          {t('corrections:estimate.question', { value: formatTime(order.estimateMinutes ?? '0') })}
        </strong>
      </p>
      <Field
        label={t('corrections:estimate.hours')}
        hint={t('orders:hoursHint')}
        error={replace.touched ? error : null}
      >
        {(p) => <input {...p} value={hours} onChange={(e) => setHours(e.target.value)} size={8} />}
      </Field>
      <ErrorText error={replace.error} />
      <div className="row">
        <button className="primary" type="submit" disabled={replace.busy}>
          {t('corrections:estimate.confirm')}
        </button>
        <button type="button" onClick={() => setOpen(false)} disabled={replace.busy}>
          {t('corrections:cancel')}
        </button>
      </div>
    </form>
  )
}

/** The corrections this collective may make to `order`, on its side of it. */
export function OrderCorrections({ order: o, incoming }: { order: Order; incoming: boolean }) {
  const { t } = useTranslation()
  const me = useMe()
  if (!me || !correctable(o)) return null
  const ours = o.orderer === me.id
  const what = { product: o.productName, quantity: o.quantity }
  return (
    <div className="row">
      {incoming && o.status === 'estimated' && <ReplaceEstimate order={o} />}
      {incoming && !ours && o.status !== 'open' && (
        <ConfirmAction
          label={t('corrections:decline.open')}
          question={t('corrections:decline.question', what)}
          confirm={t('corrections:decline.confirm')}
          reason="required"
          build={(reason) => ({ type: 'order.reject', body: { order: o.id, reason } })}
        />
      )}
      {ours && (
        <ConfirmAction
          label={t('corrections:withdraw.open')}
          question={t(
            o.status === 'started'
              ? 'corrections:withdraw.questionStarted'
              : 'corrections:withdraw.question',
            what
          )}
          confirm={t('corrections:withdraw.confirm')}
          reason="optional"
          build={(reason) => ({
            type: 'order.withdraw',
            body: { order: o.id, ...(reason ? { reason } : {}) }
          })}
        />
      )}
    </div>
  )
}
