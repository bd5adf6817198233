import { useEffect, useRef, useState, type FormEvent } from 'react'
import type { IntentInput } from '../../../core/protocol/intents.ts'
import type { RefusalCode } from '../../../core/protocol/refusals.ts'
import type { SubmitResult } from '../../../main/api/results.ts'
import type { BridgeError } from '../bridge.ts'
import { asSentence, useRefusal } from './refusal.ts'
import { useSubmit } from './toasts.tsx'

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
  // Stops listening for the change that clears a verdict (see below).
  const stopListening = useRef<(() => void) | null>(null)
  useEffect(() => () => stopListening.current?.(), [])
  const onSubmit = async (e: FormEvent) => {
    e.preventDefault()
    // One call at a time: a second click would sign and submit a second transaction.
    if (busy) return
    setTouched(true)
    const running = start()
    if (!running) return
    // Read now: React empties currentTarget once the event has been handled.
    const form = e.currentTarget instanceof HTMLFormElement ? e.currentTarget : null
    stopListening.current?.()
    setBusy(true)
    setError(null)
    try {
      const result = await running
      setTouched(false)
      onDone?.(result)
    } catch (err) {
      setError(err as BridgeError)
      onFail?.()
      // A write that may have landed is no verdict on the form: its answer stays until known.
      if (form && (err as BridgeError).code !== 'WRITE_UNSURE') stopListening.current = clearOnChange(form, () => setError(null))
    } finally {
      setBusy(false)
    }
  }
  /** Puts a verdict aside (the person answered it otherwise than by changing the form). */
  const dismiss = () => {
    stopListening.current?.()
    setError(null)
  }
  return { onSubmit, error, touched, busy, dismiss }
}

/**
 * Calls `clear` once any field of `form` changes: the node judged what was sent, and its
 * verdict is about something no longer there (a name refused as taken stayed under the new
 * name). Every form calls through useFormCall, so this clears it for all of them.
 *
 * Listened for on the document, not on the form: React handles a field's change at its root,
 * which the event reaches after the form. A state update in a listener that runs before React's
 * re-renders the field with its old value and swallows the change (react#13424): after a wrong
 * passphrase the passphrase typed next was lost and the same wrong one sent again.
 */
function clearOnChange(form: HTMLFormElement, clear: () => void): () => void {
  const document = form.ownerDocument
  const listener = (event: Event) => {
    if (!(event.target instanceof Node) || !form.contains(event.target)) return
    document.removeEventListener('input', listener)
    clear()
  }
  document.addEventListener('input', listener)
  return () => document.removeEventListener('input', listener)
}

/** Which of a form's fields a ledger refusal concerns: its sentence is shown there. */
export type FieldsOf<F extends string> = Partial<Record<RefusalCode, F>>

/**
 * A form that submits one intent: `build` returns it (typed by its transaction type), or null
 * on mistakes. The ledger decides before anything is written; a refusal whose code `fields`
 * maps to a field is shown by that field (`fieldError`), any other one under the form (`error`).
 */
export function useAction<F extends string = never>(
  build: () => IntentInput | null,
  options: { onDone?: (result: SubmitResult) => void; fields?: FieldsOf<F> } = {}
) {
  const submit = useSubmit()
  const refusal = useRefusal()
  const call = useFormCall(
    () => {
      const intent = build()
      return intent && submit(intent)
    },
    options.onDone ? { onDone: options.onDone } : {}
  )
  const field = call.error ? options.fields?.[call.error.code as RefusalCode] : undefined
  return {
    ...call,
    error: field ? null : call.error,
    /** The ledger's sentence, when its refusal concerns `name`. */
    fieldError: (name: F): string | null =>
      field === name ? asSentence(refusal(call.error!.code, call.error!.message)) : null
  }
}
