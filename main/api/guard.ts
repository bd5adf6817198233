// Checks `dispatch` makes before any schema or handler sees a call: whatever a host passes in
// (JSON from a socket, a structured clone over IPC) comes back as a refusal, never a throw.
import { isAbsolute } from 'node:path'
import { NodeError } from '../../core/node/errors.ts'

/** Deeper than any method's arguments need; deeper input would overflow recursive code after. */
export const MAX_DEPTH = 32
/** Objects, arrays and values in one call's arguments. */
export const MAX_VALUES = 100_000
/** Keys that turn a naive copy (`target[key] = value`) into a change of prototypes. */
const PROTOTYPE_KEYS = new Set(['__proto__', 'constructor', 'prototype'])

/** Why `args` cannot be any method's arguments, or null. Walks without recursion. */
export function argumentsProblem(args: unknown): string | null {
  if (args === undefined || args === null) return null
  if (!isPlainObject(args)) return 'the arguments must be an object of named fields'
  const stack: Array<{ value: object; depth: number }> = [{ value: args, depth: 1 }]
  let count = 1
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!
    if (depth > MAX_DEPTH) return `the arguments nest deeper than ${MAX_DEPTH} levels`
    const keys = Object.keys(value)
    count += keys.length
    if (count > MAX_VALUES) return `the arguments hold more than ${MAX_VALUES} values`
    for (const key of keys) {
      if (PROTOTYPE_KEYS.has(key)) return `the arguments may not have a field named "${key}"`
      const child = (value as Record<string, unknown>)[key]
      if (typeof child === 'object' && child !== null)
        stack.push({ value: child, depth: depth + 1 })
    }
  }
  return null
}

function isPlainObject(value: unknown): value is object {
  if (typeof value !== 'object' || value === null) return false
  const prototype = Object.getPrototypeOf(value)
  return prototype === Object.prototype || prototype === null
}

/**
 * A path the node may open as it is. A relative path (or `~`, which only a shell expands) would
 * be read against the node's own working directory, which the caller cannot see.
 */
export function absolutePath(path: string, field: string): string {
  if (!isAbsolute(path)) {
    throw new NodeError(
      'INVALID_ARGUMENTS',
      `${field}: an absolute path is needed (such as /media/usb-stick); "${path.slice(0, 64)}" would be read against the node's working directory`
    )
  }
  return path
}
