// docs/protocol.md §2.7: names are unique by a key every node computes alike, look-alike and
// invisible characters are refused with a code that says what is wrong, and free text
// refuses controls, reordering controls and broken characters.
import { beforeEach, describe, expect, it } from 'vitest'
import { Ledger } from '../../core/ledger/ledger.ts'
import { MemoryStore } from '../../core/ledger/memory-store.ts'
import type { LedgerEntry } from '../../core/ledger/types.ts'
import { encodeTransaction } from '../../core/protocol/encoding.ts'
import { collectivize, define } from '../helpers/economy.ts'
import { expectAccepted, Harness } from '../helpers/harness.ts'
import { expectRejected, view } from '../helpers/rules.ts'

let h: Harness
beforeEach(async () => {
  h = new Harness()
  await h.network([
    ['Mill', ['producer']],
    ['Bakery', ['producer', 'dispatcher']]
  ])
})

const defineAs = (name: string, by = 'Bakery') =>
  h.do('product.define', { name, unit: 'loaf', kind: 'consumable' }, [by])

describe('rules: product names', () => {
  it('keeps ASCII names unique ignoring case (PRODUCT_NAME_TAKEN)', async () => {
    const bread = expectAccepted(await defineAs('Bread'))
    await expectRejected(h, 'PRODUCT_NAME_TAKEN', () => defineAs('bread', 'Mill'))
    await expectRejected(h, 'PRODUCT_NAME_TAKEN', () => defineAs('BREAD', 'Mill'))
    expect(await view(h, 'productName/bread')).toBe(bread.id)
  })

  it('accepts names in Greek, Cyrillic and CJK, each unique ignoring case', async () => {
    for (const name of ['Ψωμί', 'Хлеб', '面包', 'パン']) expectAccepted(await defineAs(name))
    await expectRejected(h, 'PRODUCT_NAME_TAKEN', () => defineAs('ΨΩΜΊ', 'Mill'))
    await expectRejected(h, 'PRODUCT_NAME_TAKEN', () => defineAs('ХЛЕБ', 'Mill'))
  })

  it('refuses a name that mixes Latin and Cyrillic letters, a look-alike of another (MIXED_SCRIPTS)', async () => {
    expectAccepted(await defineAs('Bread'))
    const outcome = await expectRejected(h, 'MIXED_SCRIPTS', () => defineAs('Br\u0435ad', 'Mill'))
    expect(outcome.reason).toBe('product.define.name: the name mixes Latin and Cyrillic letters')
  })

  it('refuses invisible characters, bidirectional controls, NUL and a lone surrogate in a name', async () => {
    const zwj = await expectRejected(h, 'INVISIBLE_CHARACTER', () => defineAs('Bre\u200dad'))
    expect(zwj.reason).toBe('product.define.name: the name contains an invisible character U+200D')
    await expectRejected(h, 'BIDI_CONTROL', () => defineAs('Bread \u202eyrot'))
    await expectRejected(h, 'CONTROL_CHARACTER', () => defineAs('Bre\u0000ad'))
    // A lone surrogate can only come as a JSON escape: canonical JSON writes it so.
    const lone = h.tx('product.define', { name: 'Bread\ud800', unit: 'loaf', kind: 'consumable' }, [
      'Bakery'
    ])
    const bytes = encodeTransaction(lone)
    expect(bytes.toString()).toContain('"Bread\\ud800"')
    const outcome = await expectRejected(h, 'LONE_SURROGATE', () => h.raw(bytes, 'Bakery'))
    expect(outcome.reason).toMatch(/lone surrogate U\+D800/)
  })

  it('refuses a decomposed spelling of a name (NOT_NFC)', async () => {
    expectAccepted(await defineAs('Caf\u00e9 loaf'))
    await expectRejected(h, 'NOT_NFC', () => defineAs('Cafe\u0301 loaf', 'Mill'))
  })

  it('decides U+A7CB and U+0264 as one name on every runtime, whatever its case tables', async () => {
    // Unicode 16 gave U+A7CB (Ꟍ) the lowercase U+0264 (ɤ); a runtime with older tables leaves
    // it as it is. Two nodes, the second with such a runtime, must decide the same.
    const entries: LedgerEntry[] = []
    const apply = h.ledger.apply.bind(h.ledger)
    h.ledger.apply = (entry) => (entries.push(entry), apply(entry))
    expectAccepted(await defineAs('\u0264 grain'))
    await expectRejected(h, 'PRODUCT_NAME_TAKEN', () => defineAs('\ua7cb grain', 'Mill'))

    const older = new Ledger(new MemoryStore())
    const setup = await setupEntries()
    const { toLowerCase } = String.prototype
    String.prototype.toLowerCase = function (this: string) {
      return toLowerCase.call(this.replace(/\ua7cb/g, '\u0000')).replace(/\u0000/g, '\ua7cb')
    }
    try {
      for (const entry of [...setup, ...entries]) await older.apply(entry)
    } finally {
      String.prototype.toLowerCase = toLowerCase
    }
    expect(await older.digest()).toBe(await h.ledger.digest())
  })
})

/** The founding entries of the harness's network, recorded by a fresh harness. */
async function setupEntries(): Promise<LedgerEntry[]> {
  const again = new Harness()
  const entries: LedgerEntry[] = []
  const apply = again.ledger.apply.bind(again.ledger)
  again.ledger.apply = (entry) => (entries.push(entry), apply(entry))
  await again.network([
    ['Mill', ['producer']],
    ['Bakery', ['producer', 'dispatcher']]
  ])
  return entries
}

describe('rules: free text', () => {
  it('refuses controls, bidirectional overrides and lone surrogates in reasons, notes and units', async () => {
    const flour = await define(h, 'Mill', 'Flour')
    const lotId = await collectivize(h, 'Mill', flour, 5)
    await expectRejected(h, 'BIDI_CONTROL', () =>
      h.do('resource.writeoff', { lot: lotId, quantity: '1', reason: 'spoiled \u202eevil' }, [
        'Mill'
      ])
    )
    await expectRejected(h, 'CONTROL_CHARACTER', () =>
      h.do('resource.collectivize', { product: flour, quantity: '1', note: 'found\u0000' }, [
        'Mill'
      ])
    )
    await expectRejected(h, 'CONTROL_CHARACTER', () =>
      h.do('product.define', { name: 'Rye', unit: 'k\u0007g', kind: 'consumable' }, ['Mill'])
    )
    const lone = h.tx('resource.writeoff', { lot: lotId, quantity: '1', reason: 'half \udfff' }, [
      'Mill'
    ])
    await expectRejected(h, 'LONE_SURROGATE', () => h.raw(encodeTransaction(lone), 'Mill'))
    expectAccepted(
      await h.do('resource.writeoff', { lot: lotId, quantity: '1', reason: 'mouldy: Хлеб 🍞' }, [
        'Mill'
      ])
    )
  })
})
