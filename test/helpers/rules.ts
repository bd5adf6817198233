// Assertions for the rule tests: a rejection carries a stable code and a sentence a person
// can read, and it changes nothing in the view but the log's own bookkeeping.
import { expect } from 'vitest'
import type { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { Json } from '../../core/ledger/store.ts'
import type { Outcome } from '../../core/ledger/types.ts'
import type { Harness } from './harness.ts'

/**
 * What a rejection may still write: the log record, the rejection index, the tx status, the
 * audit trail's copy of the refused transaction and the entry's bytes, seq, digest and frontier.
 */
const BOOKKEEPING_PREFIXES = ['log/', 'rejection/', 'tx/']
const BOOKKEEPING_KEYS = new Set(['meta/seq', 'meta/digest', 'meta/frontier'])

/** A deep copy of every view entry except the log's bookkeeping. */
export function snapshot(store: MemoryStore): Record<string, Json> {
  const out: Record<string, Json> = {}
  for (const [key, value] of store.entries()) {
    if (BOOKKEEPING_KEYS.has(key) || BOOKKEEPING_PREFIXES.some((p) => key.startsWith(p))) continue
    out[key] = JSON.parse(JSON.stringify(value)) as Json
  }
  return out
}

/** A reason is a sentence: words, not a code, a stack or a stringified object. */
export function expectReadable(reason: string | undefined): void {
  expect(typeof reason).toBe('string')
  const text = reason as string
  expect(text.length).toBeGreaterThanOrEqual(12)
  expect(text).toMatch(/[a-z]{3,} [a-z0-9"“]/i)
  expect(text).not.toMatch(/undefined|NaN|\[object|^[A-Z_]+$|\n\s+at /)
}

/**
 * Runs `submit`, expects a rejection with `code`, a readable reason, and a view equal to the
 * one before (except log/, rejection/, tx/, meta/seq, meta/digest).
 */
export async function expectRejected<T extends Outcome>(h: Harness, code: string, submit: () => Promise<T>): Promise<T> {
  const before = snapshot(h.store)
  const length = await h.ledger.length()
  const outcome = await submit()
  expect({ status: outcome.status, code: outcome.code }, outcome.reason).toEqual({ status: 'rejected', code })
  expectReadable(outcome.reason)
  expect(outcome.effects).toEqual([])
  expect(await h.ledger.length()).toBe(length + 1)
  expect(snapshot(h.store)).toEqual(before)
  const logged = (await h.store.get(`rejection/${String(outcome.seq).padStart(12, '0')}`)) as Record<string, Json> | undefined
  expect(logged?.code).toBe(code)
  return outcome
}

/** Reads a view record (tests read keys directly: keys.ts is the layout). */
export async function view<T = any>(h: Harness, key: string): Promise<T> {
  return (await h.store.get(key)) as T
}
