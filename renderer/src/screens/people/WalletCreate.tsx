import { useState, type FormEvent } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../../api.ts'
import type { BridgeError } from '../../bridge.ts'
import { ErrorText, Field } from '../../components/ui.tsx'
import { addPerson } from '../../people.ts'
import { WalletCard } from './WalletCard.tsx'

/** Creates a wallet for a worker and shows the card to print. The node keeps no secret. */
export function WalletCreate() {
  const { t } = useTranslation()
  const [name, setName] = useState('')
  const [touched, setTouched] = useState(false)
  const [error, setError] = useState<BridgeError | null>(null)
  const [card, setCard] = useState<{ name: string; key: string; words: string[] } | null>(null)
  const nameError = name.trim() ? null : t('people:errors.name')

  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    if (nameError) return
    setError(null)
    try {
      const wallet = await call('wallet.create', {})
      await addPerson({ name: name.trim(), key: wallet.key })
      setCard({ name: name.trim(), key: wallet.key, words: wallet.words })
      setName('')
      setTouched(false)
    } catch (err) {
      setError(err as BridgeError)
    }
  }

  return (
    <section className="card stack" aria-labelledby="wallet-title">
      <h2 id="wallet-title">{t('people:create.title')}</h2>
      <p className="muted">{t('people:create.explain')}</p>
      {card ? (
        <>
          <WalletCard name={card.name} keyHex={card.key} words={card.words} />
          <div className="no-print">
            <button onClick={() => setCard(null)}>{t('people:create.done')}</button>
          </div>
        </>
      ) : (
        <form className="row" onSubmit={onSubmit} noValidate>
          <Field
            label={t('people:name')}
            hint={t('people:create.nameHint')}
            error={touched ? nameError : null}
          >
            {(p) => (
              <input
                {...p}
                value={name}
                onChange={(e) => setName(e.target.value)}
                autoComplete="off"
              />
            )}
          </Field>
          <button className="primary" type="submit">
            {t('people:create.submit')}
          </button>
          <ErrorText error={error} />
        </form>
      )}
    </section>
  )
}
