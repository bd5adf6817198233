// The people of this workplace and their wallets' public keys. The ledger names no one (a
// workload carries a wallet key): the names live in the node's address book on this device,
// so they survive a browser change or a new port. Wallet secrets are never stored.
import { call, queryClient, useApi } from './api.ts'

export interface Person {
  name: string
  key: string
}

const refresh = () => queryClient.invalidateQueries({ queryKey: ['people.list'] })

export async function addPerson(person: Person): Promise<void> {
  await call('people.save', person)
  await refresh()
}

export async function removePerson(key: string): Promise<void> {
  await call('people.forget', { key })
  await refresh()
}

export function usePeople(): Person[] {
  return useApi('people.list', {}).data ?? []
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
