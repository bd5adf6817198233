import { useState, type FormEvent } from 'react'
import type { BridgeError } from '../bridge.ts'
import { useSubmit, type SubmitArgs } from './toasts.tsx'

/**
 * A form around one call to the node: `start` begins the call, or returns null while the form
 * has mistakes (which then show, since the form counts as touched until a call succeeds).
 * `onDone` and `onFail` run in the same update as the reset, so no stale error flashes.
 */
export function useFormCall<T>(
  start: () => Promise<T> | null,
  { onDone, onFail }: { onDone?: (result: T) => void; onFail?: () => void } = {}
) {
  const [error, setError] = useState<BridgeError | null>(null)
  const [touched, setTouched] = useState(false)
  const [busy, setBusy] = useState(false)
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    // One call at a time: a second click would sign and submit a second transaction.
    if (busy) return
    setTouched(true)
    const running = start()
    if (!running) return
    setBusy(true)
    setError(null)
    try {
      const result = await running
      setTouched(false)
      onDone?.(result)
    } catch (err) {
      setError(err as BridgeError)
      onFail?.()
    } finally {
      setBusy(false)
    }
  }
  return { onSubmit, error, touched, busy }
}

/** A form that submits one transaction: `build` returns its arguments, or null on mistakes. */
export function useAction(build: () => SubmitArgs | null, onDone?: () => void) {
  const submit = useSubmit()
  return useFormCall(
    () => {
      const args = build()
      return args && submit(args)
    },
    { onDone }
  )
}
