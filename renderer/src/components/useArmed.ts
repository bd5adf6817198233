// A question that appears under the pointer must not take the rest of a double click as its
// answer (a second click on "Write the backup" landing on "Replace the file"): its buttons
// accept a click only a moment after it appeared, as browsers do with their own prompts.
import { useEffect, useState } from 'react'

/** False for `delayMs` after the calling component mounted, then true. */
export function useArmed(delayMs = 500): boolean {
  const [armed, setArmed] = useState(false)
  useEffect(() => {
    const timer = setTimeout(() => setArmed(true), delayMs)
    return () => clearTimeout(timer)
  }, [delayMs])
  return armed
}
