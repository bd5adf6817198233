// The council key as people paste it: the verifier key the Council screen shows, or hex.
import { describe, expect, it } from 'vitest'
import { councilVerifier } from '../../core/checkpoint/checkpoint.ts'
import { councilKeyFromText } from '../../core/checkpoint/council-key.ts'
import { formatVerifierKey, verifierOf } from '../../core/checkpoint/note.ts'
import { keyPairFromSeed } from '../../core/protocol/crypto.ts'

const network = '7f3a'.repeat(16)
const group = keyPairFromSeed(Buffer.alloc(32, 14)).publicKey.toString('hex')
const shown = formatVerifierKey(councilVerifier(network, group))

describe('councilKeyFromText', () => {
  it('reads the verifier key as displayed (its base64 holds "+" and "/") and hex alike', () => {
    expect(shown.split('+').length).toBeGreaterThan(3)
    expect(councilKeyFromText(shown)).toEqual({ ok: true, value: group })
    expect(councilKeyFromText(` ${shown}\n`)).toEqual({ ok: true, value: group })
    expect(councilKeyFromText(group)).toEqual({ ok: true, value: group })
    expect(councilKeyFromText(group.toUpperCase())).toEqual({ ok: true, value: group })
  })

  it('refuses a fingerprint, a damaged key and another name, with a sentence', () => {
    expect(councilKeyFromText(group.slice(0, 8))).toMatchObject({ ok: false, code: 'NOTE_BAD_VERIFIER_KEY', reason: 'a council key is 64 hex digits or the verifier key the Council screen shows' })
    expect(councilKeyFromText(shown.slice(0, -2) + 'AA')).toMatchObject({ ok: false, code: 'NOTE_BAD_VERIFIER_KEY' })
    const other = formatVerifierKey(verifierOf('example.org/x', Buffer.from(group, 'hex')))
    expect(councilKeyFromText(other)).toMatchObject({ ok: false, reason: 'a council\'s verifier key starts with "stachanov.network/"' })
  })
})
