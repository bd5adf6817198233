// How a person pays at the shop without their 24 words: the wallet card (scanned with the
// camera, from a picture, by a USB scanner typing into the field, or pasted) and its PIN, or a
// wallet kept on this device and its PIN. The PIN is checked by the node, never here.
import { useCallback } from 'react'
import { useTranslation } from 'react-i18next'
import type { Args } from '../../../main/api/contract.ts'
import { useApi } from '../api.ts'
import { PinField } from './PinField.tsx'
import { CardField } from './CardField.tsx'
import { Field } from './ui.tsx'

export type WalletChoice = NonNullable<Args<'shop.checkout'>['wallet']>

export interface WalletPick {
  mode: 'card' | 'kept'
  card: string
  kept: string
  pin: string
}

export const emptyPick: WalletPick = { mode: 'card', card: '', kept: '', pin: '' }

/** The wallet the form names, or null while something is missing. */
export function choiceOf(pick: WalletPick): WalletChoice | null {
  if (!pick.pin) return null
  if (pick.mode === 'card')
    return pick.card.trim().length >= 8 ? { card: pick.card.trim(), pin: pick.pin } : null
  return pick.kept ? { kept: pick.kept, pin: pick.pin } : null
}

export function WalletPicker({
  value,
  onChange,
  touched,
  refusal
}: {
  value: WalletPick
  onChange: (pick: WalletPick) => void
  touched: boolean
  /** The ledger's sentence when it refused what the wallet signed (e.g. too few coupons). */
  refusal?: string | null
}) {
  const { t } = useTranslation()
  const kept = useApi('wallet.kept', {})
  const set = (change: Partial<WalletPick>) => onChange({ ...value, ...change })
  const scanned = useCallback((card: string) => onChange({ ...value, card }), [onChange, value])
  const cardError =
    value.mode === 'card' && value.card.trim().length < 8 ? t('wallet.cardMissing') : null
  const keptError = value.mode === 'kept' && !value.kept ? t('wallet.keptMissing') : null
  const pinError = value.pin ? null : t('wallet.pinMissing')
  return (
    <fieldset className="stack">
      <legend>{t('wallet.legend')}</legend>
      <div className="row" role="radiogroup" aria-label={t('wallet.how')}>
        {(['card', 'kept'] as const).map((mode) => (
          <label key={mode}>
            <input
              type="radio"
              name="wallet-mode"
              checked={value.mode === mode}
              onChange={() => set({ mode, pin: '' })}
            />{' '}
            {t(`wallet.mode.${mode}`)}
          </label>
        ))}
      </div>
      {value.mode === 'card' ? (
        <CardField value={value.card} onChange={scanned} error={touched ? cardError : null} />
      ) : (
        <Field label={t('wallet.keptWallet')} error={touched ? keptError : null}>
          {(p) => (
            <select {...p} value={value.kept} onChange={(e) => set({ kept: e.target.value })}>
              <option value="">{t('wallet.choose')}</option>
              {(kept.data ?? []).map((w) => (
                <option key={w.key} value={w.key} disabled={w.locked}>
                  {(w.name ?? w.key.slice(0, 12)) + (w.locked ? ` (${t('wallet.locked')})` : '')}
                </option>
              ))}
            </select>
          )}
        </Field>
      )}
      <PinField
        label={t('wallet.pin')}
        error={(touched ? pinError : null) ?? refusal}
        value={value.pin}
        onChange={(pin) => set({ pin })}
      />
    </fieldset>
  )
}
