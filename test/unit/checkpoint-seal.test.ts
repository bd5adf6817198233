// Sealed DKG shares (core/checkpoint/seal.ts): only the recipient opens one, a tampered box
// fails, and a box replayed into another DKG, or claimed by another sender, is refused.
import { describe, expect, it } from 'vitest'
import {
  openShare,
  SEALED_SHARE_BYTES,
  sealShare,
  type DkgContext
} from '../../core/checkpoint/seal.ts'
import { keyPairFromSeed } from '../../core/protocol/crypto.ts'

const context: DkgContext = { network: 'ab'.repeat(32), epoch: 3, attempt: 0 }
const alice = keyPairFromSeed(Buffer.alloc(32, 1))
const bob = keyPairFromSeed(Buffer.alloc(32, 2))
const carol = keyPairFromSeed(Buffer.alloc(32, 3))
const share = '5a'.repeat(32)

describe('sealed DKG shares', () => {
  const box = sealShare(context, share, alice.publicKey, bob.publicKey)

  it('opens for its recipient, with the names it was sealed with', () => {
    expect(box.length).toBe(2 * SEALED_SHARE_BYTES)
    expect(openShare(context, box, alice.publicKey, bob)).toEqual({ ok: true, value: share })
    // every box is fresh (an ephemeral key each time), so equal shares do not show
    expect(sealShare(context, share, alice.publicKey, bob.publicKey)).not.toBe(box)
  })

  it('does not open for another member', () => {
    expect(openShare(context, box, alice.publicKey, carol)).toMatchObject({
      ok: false,
      code: 'SEAL_OPEN_FAILED'
    })
  })

  it('refuses a tampered box, whatever byte changed', () => {
    for (const at of [0, 31, 32, 47, 48, 100, SEALED_SHARE_BYTES - 1]) {
      const bytes = Buffer.from(box, 'hex')
      bytes.writeUInt8(bytes.readUInt8(at) ^ 0x01, at)
      const opened = openShare(context, bytes.toString('hex'), alice.publicKey, bob)
      expect(opened, `byte ${at}`).toMatchObject({
        ok: false,
        code: 'SEAL_OPEN_FAILED',
        reason: expect.stringMatching(/altered/)
      })
    }
  })

  it('refuses a box replayed into another DKG or claimed by another sender', () => {
    for (const other of [
      { ...context, epoch: 4 },
      { ...context, attempt: 1 },
      { ...context, network: 'cd'.repeat(32) }
    ]) {
      expect(openShare(other, box, alice.publicKey, bob)).toMatchObject({
        ok: false,
        code: 'SEAL_WRONG_CONTEXT'
      })
    }
    expect(openShare(context, box, carol.publicKey, bob)).toMatchObject({
      ok: false,
      code: 'SEAL_WRONG_CONTEXT'
    })
  })

  it('refuses what is not a sealed share', () => {
    expect(openShare(context, box.slice(2), alice.publicKey, bob)).toMatchObject({
      code: 'SEAL_MALFORMED'
    })
    expect(openShare(context, box.toUpperCase(), alice.publicKey, bob)).toMatchObject({
      code: 'SEAL_MALFORMED'
    })
    expect(() => sealShare(context, 'zz', alice.publicKey, bob.publicKey)).toThrow(/32 bytes/)
    expect(() =>
      sealShare({ ...context, epoch: -1 }, share, alice.publicKey, bob.publicKey)
    ).toThrow(/DKG context/)
  })
})
