// Joining with an invite code, as people do it: the member makes a code, the newcomer types
// it with its name, and a moment later both offices write into one ledger. On a local DHT.
import { describe, expect, it } from 'vitest'
import * as queries from '../../core/ledger/queries.ts'
import { splitInviteCode } from '../../core/node/pairing.ts'
import { waitFor } from './helpers.ts'
import { useTestnetNodes } from './testnet-nodes.ts'

const { open } = useTestnetNodes()

describe('joining with an invite code', () => {
  it('pairs a new collective, which then writes and converges', async () => {
    const clinic = await open('clinic')
    await clinic.outcome((await clinic.create({ name: 'Clinic', roles: ['dispatcher'] })).id)
    const { code } = await clinic.invite()
    expect(splitInviteCode(code).memberId).toBe(clinic.identity!.id)
    // Short enough to type: the network's keys come through the pairing, not in the code.
    expect(code).toHaveLength(82)

    const laundry = await open('laundry')
    // One character mistyped: said at once, and nothing is set up.
    const typo = code.slice(0, 30) + (code[30] === 'y' ? 'b' : 'y') + code.slice(31)
    await expect(laundry.join({ code: typo, name: 'Laundry', roles: ['producer'] })).rejects.toMatchObject({ code: 'INVITE_TYPO', message: expect.stringMatching(/typing error/) })
    expect(laundry.ready).toBe(false)
    // Typed as a person reads it out: in groups, in capitals.
    await laundry.join({ code: code.toUpperCase().replace(/(.{4})/g, '$1 '), name: 'Laundry', roles: ['producer'] }, 30_000)
    const defined = await laundry.submit('product.define', { name: 'Clean linen', unit: 'kg', kind: 'consumable' })
    expect((await clinic.outcome(defined.id, 30_000)).status).toBe('accepted')
    await waitFor('one digest', async () => {
      const [a, b] = [await queries.digest(clinic.store()), await queries.digest(laundry.store())]
      return a.digest === b.digest && a.length === b.length
    })
    const names = (await queries.collectives(laundry.store())).map((c) => c.name).sort()
    expect(names).toEqual(['Clinic', 'Laundry'])
    expect(await queries.edges(clinic.store())).toHaveLength(1)
  }, 90_000)

  it('refuses a code that is not an invite', async () => {
    const stranger = await open('stranger')
    await expect(stranger.join({ code: 'hello.world', name: 'X', roles: ['producer'] })).rejects.toMatchObject({ code: 'BAD_INVITE' })
  })
})
