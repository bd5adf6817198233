// Reads a QR code with the computer's camera, or from a picture of it (jsQR over the pixels
// of a canvas). A USB QR scanner needs neither: it types the code into the field beside.
import jsQR from 'jsqr'
import { useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'

/** The QR code's text in an image, or null. */
function decode(source: CanvasImageSource, width: number, height: number): string | null {
  const canvas = document.createElement('canvas')
  canvas.width = width
  canvas.height = height
  const context = canvas.getContext('2d', { willReadFrequently: true })
  if (!context || width === 0 || height === 0) return null
  context.drawImage(source, 0, 0, width, height)
  const { data } = context.getImageData(0, 0, width, height)
  return jsQR(data, width, height, { inversionAttempts: 'attemptBoth' })?.data ?? null
}

export function QrScanner({ onCode }: { onCode: (text: string) => void }) {
  const { t } = useTranslation()
  const video = useRef<HTMLVideoElement>(null)
  const [stream, setStream] = useState<MediaStream | null>(null)
  const [problem, setProblem] = useState<string | null>(null)

  const stop = () => {
    stream?.getTracks().forEach((track) => track.stop())
    setStream(null)
  }

  useEffect(() => {
    if (!stream || !video.current) return
    const element = video.current
    element.srcObject = stream
    void element.play().catch(() => {})
    // A few frames a second are plenty for a card held up to the camera.
    const timer = setInterval(() => {
      const text = decode(element, element.videoWidth, element.videoHeight)
      if (text) {
        stream.getTracks().forEach((track) => track.stop())
        setStream(null)
        onCode(text)
      }
    }, 250)
    return () => clearInterval(timer)
  }, [stream, onCode])

  useEffect(() => () => stream?.getTracks().forEach((track) => track.stop()), [stream])

  const start = async () => {
    setProblem(null)
    try {
      if (!navigator.mediaDevices?.getUserMedia) throw new Error('no camera API')
      setStream(
        await navigator.mediaDevices.getUserMedia({
          video: { facingMode: 'environment' },
          audio: false
        })
      )
    } catch {
      setProblem(t('scan.noCamera'))
    }
  }

  const fromPicture = async (file: File | undefined) => {
    setProblem(null)
    if (!file) return
    try {
      const bitmap = await createImageBitmap(file)
      const text = decode(bitmap, bitmap.width, bitmap.height)
      bitmap.close()
      if (text) onCode(text)
      else setProblem(t('scan.noCode'))
    } catch {
      setProblem(t('scan.noCode'))
    }
  }

  return (
    <div className="stack">
      <div className="row">
        {stream ? (
          <button type="button" onClick={stop}>
            {t('scan.stop')}
          </button>
        ) : (
          <button type="button" onClick={() => void start()}>
            {t('scan.camera')}
          </button>
        )}
        <label className="button">
          {t('scan.picture')}
          <input
            type="file"
            accept="image/*"
            className="visually-hidden"
            onChange={(e) => {
              void fromPicture(e.target.files?.[0])
              e.target.value = ''
            }}
          />
        </label>
      </div>
      {stream && (
        <video ref={video} className="scanner" muted playsInline aria-label={t('scan.video')} />
      )}
      {problem && (
        <span className="error" role="alert">
          {problem}
        </span>
      )}
    </div>
  )
}
