// The economic events as ValueFlows JSON-LD (https://w3id.org/valueflows/ont/vf#), so the
// data can move to other cooperative economy software. Only terms of the ValueFlows
// vocabulary are used (and the few other vocabularies it uses itself: om-2's numerical
// value, SKOS notes); test/unit/export-valueflows.test.ts checks that against the vocabulary.
//
//   collectives → vf:Organization      wallets → vf:Person (keys only: pseudonyms)
//   product types → vf:ResourceSpecification   lots → vf:EconomicResource
//   productions → vf:Process
//   workloads → vf:EconomicEvent, action vf:work, effort in minutes, input of the process
//   outputs → produce; inputs → consume; machine wear → use; transfers and settlements →
//   transfer; write-offs → lower; dispatches → transfer to consumers (no receiver named)
// Quantities of effort are minutes of labour; a resource's labour-time value is in its note.
import { formatMinutes } from '../economics/index.ts'
import { keys } from '../ledger/keys.ts'
import { entryAt } from '../ledger/queries.ts'
import type { MovementItem } from '../ledger/movements.ts'
import type { CollectiveRecord, LotRecord, ProductionRecord, ProductRecord, WorkloadRecord } from '../ledger/records.ts'
import type { KeyValueStore } from '../ledger/store.ts'

export const VF = 'https://w3id.org/valueflows/ont/vf#'
export const CONTEXT = {
  vf: VF,
  om2: 'http://www.ontology-of-units-of-measure.org/resource/om-2/',
  skos: 'http://www.w3.org/2004/02/skos/core#',
  xsd: 'http://www.w3.org/2001/XMLSchema#'
}

type Node = Record<string, unknown>

const id = (kind: string, value: string) => ({ '@id': `urn:stachanov:${kind}:${value}` })
const quantity = (value: string) => ({ 'om2:hasNumericalValue': value })
const minutes = (micro: string | bigint) => formatMinutes(BigInt(micro)).replace(/\.?0+$/, '')
const time = (ms: number) => ({ '@value': new Date(ms).toISOString(), '@type': 'xsd:dateTime' })

async function all<T>(store: KeyValueStore, prefix: string): Promise<Array<[string, T]>> {
  const out: Array<[string, T]> = []
  for await (const [key, value] of store.range({ gte: prefix, lt: prefix + '\uffff' })) out.push([key, value as T])
  return out
}

/** The declared time of the transaction at log position `seq` (from the stored entry). */
async function timeAt(store: KeyValueStore, seq: number): Promise<number | null> {
  const entry = await entryAt(store, seq)
  if (!entry || !('text' in entry)) return null
  try {
    const time = JSON.parse(entry.text).time
    return Number.isSafeInteger(time) ? time : null
  } catch {
    return null
  }
}

/** The whole network's agents, resources, processes and economic events as one JSON-LD document. */
export async function exportValueFlows(store: KeyValueStore): Promise<{ '@context': typeof CONTEXT; '@graph': Node[] }> {
  const graph: Node[] = []
  for (const [, c] of await all<CollectiveRecord>(store, keys.collectives)) {
    graph.push({ ...id('collective', c.id), '@type': 'vf:Organization', 'vf:name': c.name, 'skos:note': `roles: ${c.roles.join(', ')}` })
  }
  const wallets = new Set<string>()
  for (const [, p] of await all<ProductRecord>(store, keys.products)) {
    graph.push({ ...id('product', p.id), '@type': 'vf:ResourceSpecification', 'vf:name': p.name, 'skos:note': `${p.kind === 'meansOfProduction' ? 'means of production' : 'consumable'}, unit ${p.unit}` })
  }
  for (const [, lot] of await all<LotRecord>(store, keys.lots)) {
    graph.push({
      ...id('lot', lot.id),
      '@type': 'vf:EconomicResource',
      'vf:trackingIdentifier': lot.id,
      'vf:conformsTo': id('product', lot.product),
      'vf:primaryAccountable': id('collective', lot.owner),
      'vf:onhandQuantity': quantity(lot.quantity),
      'vf:accountingQuantity': quantity(lot.quantity),
      'skos:note': `labour-time value ${minutes(lot.value)} minutes`
    })
  }
  for (const [, p] of await all<ProductionRecord>(store, keys.productions)) {
    graph.push({ ...id('production', p.id), '@type': 'vf:Process', 'vf:name': `production ${p.id.slice(0, 8)}`, 'vf:finished': p.status === 'done', 'vf:inScopeOf': id('collective', p.producer), 'skos:note': `value ${minutes(p.value)} minutes${p.commons ? ', commons' : ''}` })
  }
  for (const [, w] of await all<WorkloadRecord>(store, keys.workloads)) {
    // A reversed workload never happened for the ledger: it is no work event, so a
    // production's work events sum to the value its output carries (issue #23).
    if (w.reversedBy !== undefined) continue
    wallets.add(w.wallet)
    graph.push({
      ...id('event', w.id),
      '@type': 'vf:EconomicEvent',
      'vf:action': { '@id': 'vf:work' },
      'vf:provider': id('wallet', w.wallet),
      'vf:receiver': id('collective', w.collective),
      'vf:inputOf': id('production', w.production),
      'vf:effortQuantity': quantity(minutes(w.minutes)),
      'vf:hasPointInTime': time(w.performedAt)
    })
  }
  for (const [key, m] of await all<MovementItem>(store, 'moved/')) {
    const [, owner, , seq] = key.split('/') as [string, string, string, string]
    const event = movementEvent(m, owner)
    if (!event) continue
    const at = await timeAt(store, Number(seq))
    graph.push({ ...id('event', `${m.tx}:${m.lot}:${m.kind}`), '@type': 'vf:EconomicEvent', ...event, 'vf:resourceConformsTo': id('product', m.product), 'vf:resourceQuantity': quantity(m.quantity), ...(at !== null ? { 'vf:hasPointInTime': time(at) } : {}), 'skos:note': `${m.type}; labour-time value ${minutes(m.value)} minutes` })
  }
  for (const wallet of [...wallets].sort()) graph.push({ ...id('wallet', wallet), '@type': 'vf:Person', 'skos:note': 'a wallet: a pseudonymous worker' })
  return { '@context': CONTEXT, '@graph': graph }
}

/** The event's action and its agents, resources and process; null for what is no event of its own. */
function movementEvent(m: MovementItem, owner: string): Node | null {
  const lot = id('lot', m.lot)
  const self = id('collective', owner)
  switch (m.kind) {
    case 'made':
      return { 'vf:action': { '@id': 'vf:produce' }, 'vf:provider': self, 'vf:receiver': self, 'vf:resourceInventoriedAs': lot, ...(m.production ? { 'vf:outputOf': id('production', m.production) } : {}) }
    case 'used':
      return { 'vf:action': { '@id': m.type === 'production.deallocate' ? 'vf:use' : 'vf:consume' }, 'vf:provider': self, 'vf:receiver': self, 'vf:resourceInventoriedAs': lot, ...(m.production ? { 'vf:inputOf': id('production', m.production) } : {}) }
    case 'out':
      // One event per transfer, from the giver's side (the receiver's `in` is the same event).
      return { 'vf:action': { '@id': 'vf:transfer' }, 'vf:provider': self, ...(m.counterparty ? { 'vf:receiver': id('collective', m.counterparty) } : {}), 'vf:resourceInventoriedAs': lot }
    case 'writtenOff':
      return { 'vf:action': { '@id': 'vf:lower' }, 'vf:provider': self, 'vf:receiver': self, 'vf:resourceInventoriedAs': lot }
    case 'dispatched':
      return { 'vf:action': { '@id': 'vf:transfer' }, 'vf:provider': self, 'vf:resourceInventoriedAs': lot }
    default:
      return null
  }
}
