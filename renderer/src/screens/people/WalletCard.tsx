import QRCode from 'qrcode'
import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'

/** QR code as an image (a data: URL; no inline script or style needed). */
export function QrImage({ text, label }: { text: string; label: string }) {
  const [src, setSrc] = useState<string | null>(null)
  useEffect(() => {
    let live = true
    QRCode.toDataURL(text, { errorCorrectionLevel: 'M', margin: 1, width: 320 }).then(
      (url) => live && setSrc(url)
    )
    return () => {
      live = false
    }
  }, [text])
  return src ? <img src={src} alt={label} /> : null
}

/**
 * The printable wallet card: the person's name and the QR code a shop terminal scans (the
 * wallet encrypted with the person's PIN); below, the recovery words, to cut off and keep
 * apart: they make a new card when this one is lost.
 */
export function WalletCard({
  name,
  keyHex,
  words,
  code
}: {
  name: string
  keyHex: string
  words: string[]
  code: string
}) {
  const { t } = useTranslation()
  return (
    <div className="stack">
      <div className="wallet-card" aria-label={t('people:card.label', { name })}>
        <QrImage text={code} label={t('people:card.qr')} />
        <div className="stack">
          <strong>{name}</strong>
          <span className="muted mono">{t('people:card.key', { key: keyHex.slice(0, 16) })}</span>
          <small>{t('people:card.warning')}</small>
        </div>
      </div>
      <div className="wallet-card" aria-label={t('people:card.wordsLabel', { name })}>
        <div className="stack">
          <strong>{t('people:card.wordsTitle', { name })}</strong>
          <ol className="words">
            {words.map((w, i) => (
              <li key={i}>{w}</li>
            ))}
          </ol>
          <small>{t('people:card.wordsWarning')}</small>
        </div>
      </div>
      <div className="row no-print">
        <button className="primary" onClick={() => window.print()}>
          {t('people:card.print')}
        </button>
      </div>
    </div>
  )
}
