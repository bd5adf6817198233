// `stachanov checkpoint verify` as a user runs it (a real process): a checkpoint note checked
// against a pinned verifier key, a clear verdict, exit 1 when it does not verify. The council's
// key is stood in by one Ed25519 key: a FROST aggregate is an ordinary Ed25519 signature.
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { runStachanov } from '../helpers/cli.ts'
import { councilVerifier, formatCheckpoint, originOf, type Checkpoint } from '../../core/checkpoint/checkpoint.ts'
import { EMPTY_ROOT } from '../../core/checkpoint/merkle.ts'
import { formatVerifierKey, signNote } from '../../core/checkpoint/note.ts'
import { keyPairFromSeed } from '../../core/protocol/crypto.ts'

const stachanov = (...args: string[]) => runStachanov(args)

const network = '7f3a'.repeat(16)
const council = keyPairFromSeed(Buffer.alloc(32, 7))
const stranger = keyPairFromSeed(Buffer.alloc(32, 8))
const checkpoint: Checkpoint = {
  network,
  length: 20852,
  root: 'c4'.repeat(32),
  epoch: 1,
  digest: '5b1e'.repeat(16),
  view: { length: 61234, hash: '0a'.repeat(32) },
  statements: { count: 0, root: EMPTY_ROOT },
  subsystems: [{ id: '1c'.repeat(32), worked: '960000000000', outstanding: '12000000', period: '2026-03', a: '480000000000', taxed: '96000000000' }]
}
const pin = formatVerifierKey(councilVerifier(network, council.publicKey.toString('hex')))

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stachanov-checkpoint-'))
})
afterAll(async () => {
  await rm(dir, { recursive: true, force: true })
})

describe('stachanov checkpoint verify', () => {
  it('says VERIFIED for a note the pinned key signed, and what it covers', { timeout: 180_000 }, async () => {
    const file = join(dir, 'good.note')
    await writeFile(file, signNote(formatCheckpoint(checkpoint), originOf(network), council))
    const { code, stdout } = await stachanov('checkpoint', 'verify', file, '--key', pin)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^VERIFIED: the council of epoch 1 signed this checkpoint/)
    expect(stdout).toContain('log entries 0 … 20851 (20852)')
  })

  it('says NOT VERIFIED, with the reason, for another key\'s signature or an altered text', { timeout: 180_000 }, async () => {
    const forged = join(dir, 'forged.note')
    await writeFile(forged, signNote(formatCheckpoint(checkpoint), originOf(network), stranger))
    const other = await stachanov('checkpoint', 'verify', forged, '--key', pin)
    expect(other.code).toBe(1)
    expect(other.stdout).toMatch(/^NOT VERIFIED: .*\(NOTE_UNVERIFIED\)/)
    const altered = join(dir, 'altered.note')
    await writeFile(altered, signNote(formatCheckpoint(checkpoint), originOf(network), council).replace('20852', '20853'))
    const changed = await stachanov('checkpoint', 'verify', altered, '--key', pin)
    expect(changed.code).toBe(1)
    expect(changed.stdout).toMatch(/^NOT VERIFIED: /)
  })

  it('takes the key exactly as the Council screen shows it, when its base64 holds "+" and "/"', { timeout: 180_000 }, async () => {
    const elected = keyPairFromSeed(Buffer.alloc(32, 14))
    const shown = formatVerifierKey(councilVerifier(network, elected.publicKey.toString('hex')))
    expect(shown.split('+').length).toBeGreaterThan(3)
    expect(shown.slice(shown.lastIndexOf('+'))).toContain('/')
    const file = join(dir, 'plus.note')
    await writeFile(file, signNote(formatCheckpoint(checkpoint), originOf(network), elected))
    const { code, stdout } = await stachanov('checkpoint', 'verify', file, '--key', shown)
    expect(code).toBe(0)
    expect(stdout).toMatch(/^VERIFIED: the council of epoch 1 signed this checkpoint/)
  })
})
