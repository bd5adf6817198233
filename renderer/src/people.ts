// The people of this workplace and their wallets' public keys, kept on this device only (the
// ledger names no one: a workload carries a wallet key). Wallet secrets are never stored.
import { useSyncExternalStore } from 'react'

export interface Person {
  name: string
  key: string
}

const KEY = 'stachanov.people'
const listeners = new Set<() => void>()
let cache: Person[] | null = null

function read(): Person[] {
  if (cache) return cache
  try {
    const parsed = JSON.parse(localStorage.getItem(KEY) ?? '[]') as Person[]
    cache = Array.isArray(parsed)
      ? parsed.filter((p) => typeof p?.name === 'string' && /^[0-9a-f]{64}$/.test(p?.key))
      : []
  } catch {
    cache = []
  }
  return cache
}

function write(list: Person[]): void {
  cache = list
  localStorage.setItem(KEY, JSON.stringify(list))
  listeners.forEach((cb) => cb())
}

export function addPerson(person: Person): void {
  write(
    [...read().filter((p) => p.key !== person.key), person].sort((a, b) =>
      a.name.localeCompare(b.name)
    )
  )
}

export function removePerson(key: string): void {
  write(read().filter((p) => p.key !== key))
}

export function usePeople(): Person[] {
  return useSyncExternalStore((cb) => {
    listeners.add(cb)
    return () => listeners.delete(cb)
  }, read)
}

export function personName(people: Person[], key: string): string {
  return people.find((p) => p.key === key)?.name ?? key.slice(0, 8) + '…'
}

/**
 * Everyone who can be booked for work: the people named on this device, and the wallets seen in
 * this collective's workloads that have no name here yet (e.g. after moving to another browser).
 */
export function mergeWallets(
  people: Person[],
  seen: string[]
): Array<Person & { unnamed?: boolean }> {
  const known = new Set(people.map((p) => p.key))
  const extra = [...new Set(seen)]
    .filter((k) => !known.has(k))
    .map((key) => ({ name: `${key.slice(0, 8)}…`, key, unnamed: true }))
  return [...people, ...extra]
}
