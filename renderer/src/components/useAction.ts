import { useState, type FormEvent } from 'react'
import type { BridgeError } from '../bridge.ts'
import { useSubmit, type SubmitArgs } from './toasts.tsx'

/**
 * A form that submits one transaction: `build` returns its arguments, or null while the form
 * has mistakes (which are then shown, since the form counts as touched).
 */
export function useAction(build: () => SubmitArgs | null, onDone?: () => void) {
  const submit = useSubmit()
  const [error, setError] = useState<BridgeError | null>(null)
  const [touched, setTouched] = useState(false)
  const [busy, setBusy] = useState(false)
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    setTouched(true)
    const args = build()
    if (!args) return
    setBusy(true)
    setError(null)
    try {
      await submit(args)
      setTouched(false)
      onDone?.()
    } catch (err) {
      setError(err as BridgeError)
    } finally {
      setBusy(false)
    }
  }
  return { onSubmit, error, touched, busy }
}
