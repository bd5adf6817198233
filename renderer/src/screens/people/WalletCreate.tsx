import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { call } from '../../api.ts'
import { useFormCall } from '../../components/useAction.ts'
import { PinField } from '../../components/PinField.tsx'
import { ErrorText, Field } from '../../components/ui.tsx'
import { addPerson, usePeople } from '../../people.ts'
import { WalletCard } from './WalletCard.tsx'

interface Card {
  name: string
  key: string
  words: string[]
  /** The QR code's text: the wallet encrypted with the person's PIN. */
  code: string
}

/** A new wallet, named on this device; the words and the card's code go on paper only. */
async function createWallet(name: string, pin: string): Promise<Card> {
  const wallet = await call('wallet.create', {})
  const { code } = await call('wallet.card', { words: wallet.words, pin })
  await addPerson({ name, key: wallet.key })
  return { name, key: wallet.key, words: wallet.words, code }
}

/** Creates a wallet for a worker and shows the card to print. The node keeps no secret. */
export function WalletCreate() {
  const { t } = useTranslation()
  const [name, setName] = useState('')
  const [pin, setPin] = useState('')
  const [card, setCard] = useState<Card | null>(null)
  const people = usePeople()
  // Two wallets with one name cannot be told apart on the time sheet or in an import.
  const taken = people.some((p) => p.name.trim().toLowerCase() === name.trim().toLowerCase())
  const nameError = !name.trim()
    ? t('people:errors.name')
    : taken
      ? t('people:errors.nameTaken', { name: name.trim() })
      : null
  const pinError = /^\S{6,64}$/.test(pin) ? null : t('people:errors.pin')
  const create = useFormCall(
    () => (nameError || pinError ? null : createWallet(name.trim(), pin)),
    {
      onDone: (made) => {
        setCard(made)
        setName('')
        setPin('')
      }
    }
  )

  return (
    <section className="card stack" aria-labelledby="wallet-title">
      <h2 id="wallet-title">{t('people:create.title')}</h2>
      <p className="muted">{t('people:create.explain')}</p>
      {card ? (
        <>
          <WalletCard name={card.name} keyHex={card.key} words={card.words} code={card.code} />
          <div className="no-print">
            <button onClick={() => setCard(null)}>{t('people:create.done')}</button>
          </div>
        </>
      ) : (
        <form className="row" onSubmit={create.onSubmit} noValidate>
          <Field
            label={t('people:name')}
            hint={t('people:create.nameHint')}
            error={create.touched || taken ? nameError : null}
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
          <PinField
            choosing
            label={t('people:create.pin')}
            hint={t('people:create.pinHint')}
            error={create.touched ? pinError : null}
            value={pin}
            onChange={setPin}
          />
          <button className="primary" type="submit" disabled={create.busy}>
            {t('people:create.submit')}
          </button>
          <ErrorText error={create.error} />
        </form>
      )}
    </section>
  )
}
