// The economic events as ValueFlows JSON-LD: every class, property and action it uses is a
// term of the ValueFlows vocabulary (test/fixtures/valueflows-vocabulary.jsonld), or a term
// that vocabulary itself uses; and the events are the month's work and movements.
import { readFileSync } from 'node:fs'
import { beforeAll, describe, expect, it } from 'vitest'
import { exportValueFlows } from '../../core/exports/valueflows.ts'
import { bakeryApril } from '../helpers/reports.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'
import { define, start, workload } from '../helpers/economy.ts'

const vocabulary = JSON.parse(readFileSync(new URL('../fixtures/valueflows-vocabulary.jsonld', import.meta.url), 'utf8')) as Array<Record<string, unknown>>
/** Every IRI the vocabulary defines (@id) or uses as a property. */
const terms = new Set<string>()
const collect = (value: unknown): void => {
  if (Array.isArray(value)) return value.forEach(collect)
  if (value === null || typeof value !== 'object') return
  for (const [key, inner] of Object.entries(value)) {
    if (key === '@id' && typeof inner === 'string' && !inner.startsWith('_:')) terms.add(inner)
    else if (!key.startsWith('@')) terms.add(key)
    collect(inner)
  }
}
collect(vocabulary)

let h: Harness
let doc: Awaited<ReturnType<typeof exportValueFlows>>
beforeAll(async () => {
  h = await bakeryApril()
  doc = await exportValueFlows(h.store)
}, 60_000)

describe('ValueFlows export', () => {
  it('uses only terms of the ValueFlows vocabulary', () => {
    const context = doc['@context'] as Record<string, string>
    const expand = (term: string) => {
      const [prefix, local] = term.split(':', 2)
      return local !== undefined && context[prefix!] ? context[prefix!] + local : term
    }
    const used = new Set<string>()
    const walk = (value: unknown): void => {
      if (Array.isArray(value)) return value.forEach(walk)
      if (value === null || typeof value !== 'object') return
      for (const [key, inner] of Object.entries(value)) {
        if (key === '@type' && typeof inner === 'string' && !inner.startsWith('xsd:')) used.add(expand(inner))
        if (!key.startsWith('@')) used.add(expand(key))
        // Actions are terms too: { "vf:action": { "@id": "vf:work" } }
        if (key === 'vf:action') used.add(expand((inner as { '@id': string })['@id']))
        walk(inner)
      }
    }
    walk(doc['@graph'])
    expect(used.size).toBeGreaterThan(20)
    const unknown = [...used].filter((t) => !terms.has(t))
    expect(unknown).toEqual([])
    expect(used).toContain('https://w3id.org/valueflows/ont/vf#EconomicEvent')
  })

  it('holds the agents, resources, processes and the month\'s events', () => {
    const graph = doc['@graph'] as Array<Record<string, any>>
    const of = (type: string) => graph.filter((n) => n['@type'] === type)
    expect(of('vf:Organization').map((n) => n['vf:name']).sort()).toEqual(['Bakery', 'Mill', 'Shop'])
    expect(of('vf:Person')).toHaveLength(3)
    expect(of('vf:ResourceSpecification').map((n) => n['vf:name']).sort()).toEqual(['Bread', 'Flour', 'Oven'])
    expect(of('vf:Process')).toHaveLength(4)
    const actions = of('vf:EconomicEvent').map((e) => e['vf:action']['@id'])
    expect(actions.filter((a) => a === 'vf:work')).toHaveLength(5)
    for (const action of ['vf:produce', 'vf:consume', 'vf:use', 'vf:transfer', 'vf:lower']) expect(actions).toContain(action)
    const work = of('vf:EconomicEvent').find((e) => e['vf:action']['@id'] === 'vf:work' && e['vf:provider']['@id'] === `urn:stachanov:wallet:${h.w('Carla').key}`)!
    expect(work['vf:effortQuantity']).toEqual({ 'om2:hasNumericalValue': '12.5' })
    expect(work['vf:hasPointInTime']['@value']).toMatch(/^2026-04-01T/)
  })

  it('leaves a reversed workload out, so a production\'s work events sum to its output', async () => {
    const r = new Harness()
    await r.network([['Mill', ['producer']], ['Shop', ['dispatcher']]])
    const flour = await define(r, 'Mill', 'Flour')
    const { production } = await start(r, 'Mill', flour)
    await workload(r, 'Mill', production, 'Anna', 240_000_000n)
    const twice = await workload(r, 'Mill', production, 'Anna', 240_000_000n)
    expectAccepted(await r.do('workload.reverse', { workload: twice, reason: 'imported twice' }, ['Mill']))
    expectAccepted(await r.do('production.output', { production, outputs: [{ product: flour, quantity: '10' }] }, ['Mill']))
    const graph = (await exportValueFlows(r.store))['@graph'] as Array<Record<string, any>>
    const events = graph.filter((n) => n['@type'] === 'vf:EconomicEvent')
    const work = events.filter((e) => e['vf:action']['@id'] === 'vf:work' && e['vf:inputOf']['@id'] === `urn:stachanov:production:${production}`)
    expect(work.map((e) => e['vf:effortQuantity']['om2:hasNumericalValue'])).toEqual(['240'])
    expect(work.map((e) => e['@id'])).not.toContain(`urn:stachanov:event:${twice}`)
    const made = events.filter((e) => e['vf:action']['@id'] === 'vf:produce')
    expect(made.map((e) => e['skos:note'])).toEqual(['production.output; labour-time value 240 minutes'])
  })
})
