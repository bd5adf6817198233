// One transaction as the audit trail has it: what it says, who had to sign and who did (with
// the entry that carried each co-signature), what became of it, and what it completed.
import { useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { useRefusal } from '../../components/refusal.ts'
import { ErrorText, Loading, StatusBadge } from '../../components/ui.tsx'
import { formatDate } from '../../format.ts'
import { partiesOf, useWhat } from './summary.tsx'

export function TransactionDialog({
  id,
  onOpen,
  onClose
}: {
  id: string
  onOpen: (id: string) => void
  onClose: () => void
}) {
  const { t } = useTranslation()
  const refusal = useRefusal()
  const what = useWhat()
  const query = useApi('view.transaction', { id })
  const close = useRef<HTMLButtonElement>(null)
  useEffect(() => close.current?.focus(), [id])
  const data = query.data
  const tx = data?.tx
  const record = data?.record
  const type = t(`txType.${record?.type ?? tx?.type ?? ''}`, { defaultValue: record?.type ?? '' })
  const summary = data?.summary ?? {}
  const glance = [what(summary), partiesOf(summary)].filter(Boolean).join(', ')

  return (
    <div className="modal-backdrop" onClick={onClose}>
      <div
        className="card stack modal"
        role="dialog"
        aria-modal="true"
        aria-labelledby="tx-title"
        onClick={(e) => e.stopPropagation()}
        onKeyDown={(e) => e.key === 'Escape' && onClose()}
      >
        <div className="row">
          <h2 id="tx-title">{glance ? `${type}: ${glance}` : type}</h2>
          <span className="spacer" />
          <button ref={close} onClick={onClose}>
            {t('close')}
          </button>
        </div>
        <ErrorText error={query.error} reading />
        {query.isPending && <Loading />}
        {record && (
          <>
            <p>
              <StatusBadge status={record.status} />{' '}
              {record.status === 'rejected' && (
                <span className="error">{refusal(record.code ?? '', record.reason ?? '')}</span>
              )}
              {record.status === 'pending' &&
                t('log:dialog.waitingFor', {
                  names: (data.pending?.missing ?? []).map((k) => signerName(data, k)).join(', ')
                })}
            </p>
            {data.settledBy && (
              <p>
                {t(
                  data.settledBy.type === 'cosign'
                    ? 'log:dialog.completedBy'
                    : 'log:dialog.declinedBy',
                  { name: data.settledBy.signerName }
                )}{' '}
                <button className="link" onClick={() => onOpen(data.settledBy!.id)}>
                  {t('log:dialog.open')}
                </button>
              </p>
            )}
            {data.completes && (
              <p>
                {t('log:dialog.completes')}{' '}
                <button className="link" onClick={() => onOpen(data.completes!)}>
                  {t('log:dialog.open')}
                </button>
              </p>
            )}
            <dl className="facts">
              <dt>{t('log:dialog.recorded')}</dt>
              <dd>
                #{record.seq}
                {tx ? ` · ${formatDate(tx.time, true)}` : ''}
              </dd>
              {tx?.expires !== undefined && (
                <>
                  <dt>{t('log:dialog.expires')}</dt>
                  <dd>{formatDate(tx.expires, true)}</dd>
                </>
              )}
              <dt>{t('log:dialog.id')}</dt>
              <dd className="mono">{id}</dd>
            </dl>
            <h3>{t('log:dialog.signers')}</h3>
            {data.signatures.length === 0 ? (
              <p className="muted">{t('log:dialog.noSigners')}</p>
            ) : (
              <ul>
                {data.signatures.map((s) => (
                  <li key={s.key}>
                    <strong>{s.name || s.key.slice(0, 8) + '…'}</strong>:{' '}
                    {s.by?.type === 'cosign.decline'
                      ? t('log:dialog.declined', { when: formatDate(s.by.time, true) })
                      : s.by
                        ? t('log:dialog.cosigned', {
                            seq: s.by.seq ?? '?',
                            when: formatDate(s.by.time, true)
                          })
                        : s.signed
                          ? t('log:dialog.signed')
                          : t('log:dialog.notSigned')}
                  </li>
                ))}
              </ul>
            )}
            {tx && (
              <details>
                <summary>{t('log:dialog.raw')}</summary>
                <pre className="mono wrap">{JSON.stringify(tx, null, 2)}</pre>
              </details>
            )}
          </>
        )}
        {data && !record && <p className="muted">{t('log:dialog.unknown')}</p>}
      </div>
    </div>
  )
}

function signerName(
  data: { signatures: Array<{ key: string; name: string }> },
  key: string
): string {
  return data.signatures.find((s) => s.key === key)?.name || key.slice(0, 8) + '…'
}
