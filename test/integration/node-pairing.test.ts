// Joining with an invite code, as people do it: the member makes a code, the newcomer types
// it with its name, and a moment later both offices write into one ledger. On a local DHT.
import { describe, expect, it } from 'vitest'
import * as queries from '../../core/ledger/queries.ts'
import type { CollectiveNode } from '../../core/node/collective-node.ts'
import { randomBytes } from 'node:crypto'
import { encodeInviteCode, INVITE_SECRET_BYTES } from '../../core/network/pairing-messages.ts'
import { inviteCode, splitInviteCode } from '../../core/node/pairing.ts'
import { waitFor } from './helpers.ts'
import { useTestnetNodes } from './testnet-nodes.ts'

const { open } = useTestnetNodes()

let clinic: CollectiveNode
let used: string

/** Waiting for an answer that never comes, bounded: the sentence says what to check. */
const noAnswer = {
  code: 'PAIRING_TIMEOUT',
  message: expect.stringMatching(/^No device answered this invite code within 3 seconds\. Check that the inviting office's app is running .* newest code .* not been used .* same network settings/)
}

describe('joining with an invite code', () => {
  it('pairs a new collective, which then writes and converges', async () => {
    clinic = await open('clinic')
    await clinic.outcome((await clinic.create({ name: 'Clinic', roles: ['dispatcher'] })).id)
    const { code } = await clinic.invite()
    used = code
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

  it('refuses a code that is not an invite, saying what one looks like', async () => {
    const stranger = await open('stranger')
    await expect(stranger.join({ code: 'hello.world', name: 'X', roles: ['producer'] })).rejects.toMatchObject({ code: 'BAD_INVITE' })
    await expect(stranger.join({ code: 'hello', name: 'X', roles: ['producer'] })).rejects.toMatchObject({
      code: 'BAD_INVITE',
      message: expect.stringMatching(/^"hello" is not an invite code: an invite code is 82 letters and digits/)
    })
  })

  it('gives up on a well-formed code that no device holds, and on a used one, saying what to check', async () => {
    // Right form and check characters, the clinic's own id, but a secret no device made.
    const unknown = inviteCode(encodeInviteCode(randomBytes(INVITE_SECRET_BYTES)), clinic.identity!.id)
    expect(splitInviteCode(unknown).memberId).toBe(clinic.identity!.id)
    const late = await open('late', { answerMs: 3000 })
    await expect(late.join({ code: unknown, name: 'Late', roles: ['producer'] })).rejects.toMatchObject(noAnswer)
    expect(late.ready).toBe(false)
    // The invite the laundry used pairs no second collective.
    const second = await open('second', { answerMs: 3000 })
    await expect(second.join({ code: used, name: 'Second', roles: ['producer'] })).rejects.toMatchObject({
      code: expect.stringMatching(/^(PAIRING_TIMEOUT|PAIRING_REJECTED)$/)
    })
    expect(second.ready).toBe(false)
  }, 60_000)
})
