// Wallets kept on this shop's device behind a PIN, for people who would rather not carry a
// card: kept from the card (and its PIN) or from the 24 words, once; afterwards the PIN is
// enough. Five wrong PINs lock a wallet until it is kept again.
import { useCallback, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call, useApi } from '../../api.ts'
import { wordsOf } from '../../components/forms.ts'
import { CardField } from '../../components/CardField.tsx'
import { notify } from '../../components/toasts.tsx'
import { useFormCall } from '../../components/useAction.ts'
import { PinField } from '../../components/PinField.tsx'
import { Empty, ErrorText, Field, QueryState } from '../../components/ui.tsx'

function KeepForm({ onKept }: { onKept: () => void }) {
  const { t } = useTranslation()
  const [from, setFrom] = useState<'card' | 'words'>('card')
  const [card, setCard] = useState('')
  const [cardPin, setCardPin] = useState('')
  const [words, setWords] = useState('')
  const [name, setName] = useState('')
  const [pin, setPin] = useState('')
  const scanned = useCallback((code: string) => setCard(code), [])
  const sourceError =
    from === 'card'
      ? card.trim().length < 8 || !cardPin
        ? t('shop:kept.cardMissing')
        : null
      : wordsOf(words).length === 24
        ? null
        : t('wallet.count', { count: wordsOf(words).length })
  const pinError = pin.length >= 4 ? null : t('shop:kept.pinShort')
  const keep = useFormCall(
    () =>
      sourceError || pinError
        ? null
        : call('wallet.keep', {
            from: from === 'card' ? { card: card.trim(), pin: cardPin } : { words: wordsOf(words) },
            pin,
            ...(name.trim() ? { name: name.trim() } : {})
          }),
    {
      onDone: (wallet) => {
        setCard('')
        setCardPin('')
        setWords('')
        setPin('')
        setName('')
        notify('ok', t('shop:kept.done', { name: wallet.name ?? wallet.key.slice(0, 12) }))
        onKept()
      }
    }
  )
  return (
    <form className="stack" onSubmit={keep.onSubmit} noValidate>
      <h3>{t('shop:kept.add')}</h3>
      <div className="row" role="radiogroup" aria-label={t('shop:kept.from')}>
        {(['card', 'words'] as const).map((mode) => (
          <label key={mode}>
            <input
              type="radio"
              name="keep-from"
              checked={from === mode}
              onChange={() => setFrom(mode)}
            />{' '}
            {t(`shop:kept.fromMode.${mode}`)}
          </label>
        ))}
      </div>
      {from === 'card' ? (
        <>
          <CardField value={card} onChange={scanned} />
          <PinField label={t('shop:kept.cardPin')} value={cardPin} onChange={setCardPin} />
        </>
      ) : (
        <Field label={t('wallet.words')}>
          {(p) => (
            <textarea
              {...p}
              className="mono"
              rows={3}
              value={words}
              onChange={(e) => setWords(e.target.value)}
              autoComplete="off"
              spellCheck={false}
            />
          )}
        </Field>
      )}
      {keep.touched && sourceError && (
        <span className="error" role="alert">
          {sourceError}
        </span>
      )}
      <div className="grid-2">
        <Field label={t('shop:kept.name')} hint={t('shop:kept.nameHint')}>
          {(p) => (
            <input
              {...p}
              value={name}
              onChange={(e) => setName(e.target.value)}
              autoComplete="off"
            />
          )}
        </Field>
        <PinField
          choosing
          label={t('shop:kept.pin')}
          hint={t('shop:kept.pinHint')}
          error={keep.touched ? pinError : null}
          value={pin}
          onChange={setPin}
        />
      </div>
      <ErrorText error={keep.error} />
      <div>
        <button type="submit" disabled={keep.busy}>
          {t('shop:kept.submit')}
        </button>
      </div>
    </form>
  )
}

export function KeptWallets() {
  const { t } = useTranslation()
  const kept = useApi('wallet.kept', {})
  const [problem, setProblem] = useState<string | null>(null)
  const remove = async (key: string) => {
    setProblem(null)
    try {
      await call('wallet.forget', { key })
      void kept.refetch()
    } catch (err) {
      setProblem((err as Error).message)
    }
  }
  return (
    <section className="card stack" aria-labelledby="kept-title">
      <h2 id="kept-title">{t('shop:kept.title')}</h2>
      <p className="muted">{t('shop:kept.explain')}</p>
      <QueryState query={kept}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('shop:kept.none')}</Empty>
          ) : (
            <ul>
              {list.map((w) => (
                <li key={w.key} className="row">
                  <strong>{w.name ?? w.key.slice(0, 12)}</strong>
                  <span className={w.locked ? 'error' : 'muted'}>
                    {w.locked
                      ? t('shop:kept.locked')
                      : t('shop:kept.attempts', { count: w.attemptsLeft })}
                  </span>
                  <button
                    type="button"
                    onClick={() => void remove(w.key)}
                    aria-label={t('shop:kept.forgetNamed', { name: w.name ?? w.key.slice(0, 12) })}
                  >
                    {t('shop:kept.forget')}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      {problem && (
        <span className="error" role="alert">
          {problem}
        </span>
      )}
      <KeepForm onKept={() => void kept.refetch()} />
    </section>
  )
}
