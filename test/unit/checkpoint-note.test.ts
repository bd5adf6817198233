// Signed notes (core/checkpoint/note.ts) against the spec's own example, Go's sumdb/note
// example, an independent check written here from c2sp.org/signed-note with node:crypto, and
// every malformed variant we can think of.
import { createHash, createPublicKey, verify as nodeVerify } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import {
  checkText,
  formatNote,
  formatVerifierKey,
  keyIdOf,
  MAX_NOTE_BYTES,
  MAX_SIGNATURES,
  parseNote,
  parseVerifierKey,
  signNote,
  verifierOf,
  verifyNote,
  type NoteVerifier
} from '../../core/checkpoint/note.ts'
import { keyPairFromSeed } from '../../core/protocol/crypto.ts'

// c2sp.org/signed-note, "Verifier keys", Example (C2SP/C2SP signed-note.md).
const SPEC_VKEY = 'example.com/foo+530d903a+AekyeRrm56hApGFkyQR4ZCbV54Id2LKaANYcrnKv3U2k'
const SPEC_NOTE =
  'This is an example message.\n\n— example.com/foo Uw2QOkn8srV1yJGh2VYRlL1Tnagv1YEq6TfXppzi2ONncAlTgK7Ztg1ERYNZXsYjOBH3mFXmRKuwHjG1Yu72IneyaQM=\n'

// golang.org/x/mod/sumdb/note, the package documentation's example (note.go): a signer key
// `PRIVATE+KEY+<name>+<id>+base64(0x01 || seed)` and the note it signs, byte for byte.
const GO_SKEY_SEED = Buffer.from('AYEKFALVFGyNhPJEMzD1QIDr+Y7hfZx09iUvxdXHKDFz', 'base64').subarray(
  1
)
const GO_VKEY = 'PeterNeumann+c74f20a3+ARpc2QcUPDhMQegwxbzhKqiBfsVkmqq/LDE4izWy10TW'
const GO_TEXT =
  "If you think cryptography is the answer to your problem,\nthen you don't know what your problem is.\n"
const GO_NOTE =
  GO_TEXT +
  '\n— PeterNeumann x08go/ZJkuBS9UG/SffcvIAQxVBtiFupLLr8pAcElZInNIuGUgYN1FFYC2pZSNXgKvqfqdngotpRZb6KE6RyyBwJnAM=\n'

const vkey = (text: string): NoteVerifier => {
  const parsed = parseVerifierKey(text)
  if (!parsed.ok) throw new Error(parsed.reason)
  return parsed.value
}

/** The spec's check, written again from the text with node:crypto only. */
function independentCheck(note: string, name: string, publicKey: Buffer): string | null {
  const at = note.lastIndexOf('\n\n')
  if (at < 0 || !note.endsWith('\n')) return null
  const text = note.slice(0, at + 1)
  const spki = createPublicKey({
    key: Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), publicKey]),
    format: 'der',
    type: 'spki'
  })
  const id = createHash('sha256')
    .update(Buffer.concat([Buffer.from(name), Buffer.of(0x0a, 0x01), publicKey]))
    .digest()
    .subarray(0, 4)
  for (const line of note.slice(at + 2, -1).split('\n')) {
    const m = /^\u2014 (\S+) ([A-Za-z0-9+/=]+)$/.exec(line)
    if (!m || m[1] !== name) continue
    const bytes = Buffer.from(m[2]!, 'base64')
    if (!bytes.subarray(0, 4).equals(id)) continue
    if (nodeVerify(null, Buffer.from(text), spki, bytes.subarray(4))) return text
  }
  return null
}

describe('signed notes: known vectors', () => {
  it('verifies the example of c2sp.org/signed-note', () => {
    const v = vkey(SPEC_VKEY)
    expect(formatVerifierKey(v)).toBe(SPEC_VKEY)
    const verified = verifyNote(SPEC_NOTE, [v])
    expect(verified).toMatchObject({ ok: true, value: { text: 'This is an example message.\n' } })
  })

  it("signs Go's sumdb/note example byte for byte and verifies it", () => {
    const keys = keyPairFromSeed(GO_SKEY_SEED)
    const v = verifierOf('PeterNeumann', keys.publicKey)
    expect(formatVerifierKey(v)).toBe(GO_VKEY)
    expect(signNote(GO_TEXT, 'PeterNeumann', keys)).toBe(GO_NOTE)
    expect(verifyNote(GO_NOTE, [vkey(GO_VKEY)]).ok).toBe(true)
    expect(verifyNote(GO_NOTE.replace('cryptography', 'cryptographY'), [v])).toMatchObject({
      ok: false,
      code: 'NOTE_BAD_SIGNATURE'
    })
  })

  it('makes notes that an independent check from the spec accepts', () => {
    const keys = keyPairFromSeed(Buffer.alloc(32, 7))
    const text = 'stachanov.network/abc\n12\nAAAA\n'
    const note = signNote(text, 'stachanov.network/abc', keys)
    expect(independentCheck(note, 'stachanov.network/abc', keys.publicKey)).toBe(text)
    expect(independentCheck(GO_NOTE, 'PeterNeumann', vkey(GO_VKEY).publicKey)).toBe(GO_TEXT)
    expect(keyIdOf('PeterNeumann', vkey(GO_VKEY).publicKey)).toBe(0xc74f20a3)
  })
})

describe('signed notes: round trip and verification rules', () => {
  const alice = keyPairFromSeed(Buffer.alloc(32, 1))
  const bob = keyPairFromSeed(Buffer.alloc(32, 2))
  const va = verifierOf('example.org/alice', alice.publicKey)
  const vb = verifierOf('example.org/bob', bob.publicKey)
  const text = 'first line\n\nafter an empty line\n'

  it('parses what it formats, with several signatures', () => {
    const one = parseNote(signNote(text, va.name, alice))
    const two = parseNote(signNote(text, vb.name, bob))
    if (!one.ok || !two.ok) throw new Error('parse')
    const both = formatNote({
      text,
      signatures: [...one.value.signatures, ...two.value.signatures]
    })
    const parsed = parseNote(both)
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(parsed.value.text).toBe(text)
    expect(formatNote(parsed.value)).toBe(both)
    const verified = verifyNote(both, [vb, va])
    expect(verified.ok && verified.value.signers.map((s) => s.name)).toEqual([va.name, vb.name])
    // unknown keys are ignored; a note no trusted key signed is refused
    expect(verifyNote(both, [va]).ok).toBe(true)
    expect(verifyNote(both, [])).toMatchObject({ ok: false, code: 'NOTE_UNVERIFIED' })
    // the same name with another key is another key (its key ID differs): ignored
    const impostor = verifierOf(va.name, bob.publicKey)
    expect(verifyNote(both, [impostor])).toMatchObject({ ok: false, code: 'NOTE_UNVERIFIED' })
    // a known key (same name and ID) whose signature fails refuses the whole note
    const lying = { ...va, publicKey: bob.publicKey }
    expect(verifyNote(both, [lying, vb])).toMatchObject({ ok: false, code: 'NOTE_BAD_SIGNATURE' })
  })

  it('accepts bytes as well as text, and refuses bytes that are not UTF-8', () => {
    const note = signNote(text, va.name, alice)
    expect(verifyNote(Buffer.from(note), [va]).ok).toBe(true)
    const bad = Buffer.concat([Buffer.from('a\xff'), Buffer.from(note)])
    bad[1] = 0xff
    expect(parseNote(bad)).toMatchObject({ ok: false, code: 'NOTE_NOT_UTF8' })
    expect(parseNote('a\ud800\n\n' + note.slice(text.length + 1))).toMatchObject({
      ok: false,
      code: 'NOTE_NOT_UTF8'
    })
  })

  it('reads a verifier key whose base64 holds "+" and "/" (only two "+" separate fields)', () => {
    const pair = keyPairFromSeed(Buffer.alloc(32, 8))
    const shown = formatVerifierKey(verifierOf('example.org/plus', pair.publicKey))
    expect(shown).toBe('example.org/plus+768fe275+AROY9ixtGkV8UbpqS189vS9p/KkyFiGNyJl+QWvRfZPK')
    const parsed = parseVerifierKey(shown)
    if (!parsed.ok) throw new Error(parsed.reason)
    expect(Buffer.from(parsed.value.publicKey).equals(Buffer.from(pair.publicKey))).toBe(true)
    expect(verifyNote(signNote('line\n', 'example.org/plus', pair), [parsed.value]).ok).toBe(true)
  })

  it('refuses verifier keys that are not exactly right', () => {
    expect(parseVerifierKey(SPEC_VKEY).ok).toBe(true)
    const bad = [
      SPEC_VKEY.replace('530d903a', '530d903b'), // wrong key ID
      SPEC_VKEY.replace('530d903a', '530D903A'), // upper-case hex
      SPEC_VKEY.replace('+Aeky', '+Aoky'), // another key: ID mismatch
      SPEC_VKEY.replace('+Aeky', '+Auky'), // type byte not 0x01
      SPEC_VKEY.slice(0, -4), // short key
      SPEC_VKEY + 'AA==', // long key
      'example.com/foo+530d903a', // two parts
      ' example.com/foo' + SPEC_VKEY.slice('example.com/foo'.length), // space in the name
      SPEC_VKEY.replace('example.com/foo+', '+'), // empty name
      SPEC_VKEY.replace('AekyeR', 'Aeky eR'), // not base64
      SPEC_VKEY + '\n' // a trailing newline
    ]
    for (const k of bad)
      expect(parseVerifierKey(k), k).toMatchObject({ ok: false, code: 'NOTE_BAD_VERIFIER_KEY' })
  })

  it('refuses to sign texts that could not be parsed back', () => {
    expect(checkText('no newline')?.code).toBe('NOTE_NO_NEWLINE')
    expect(checkText('tab\there\n')?.code).toBe('NOTE_CONTROL_CHARACTER')
    expect(checkText('x'.repeat(MAX_NOTE_BYTES) + '\n')?.code).toBe('NOTE_TOO_LARGE')
    expect(() => signNote('no newline', va.name, alice)).toThrow(/ends with a newline/)
    expect(() => verifierOf('has space', alice.publicKey)).toThrow(/not a valid key name/)
    expect(() => verifierOf('plus+sign', alice.publicKey)).toThrow(/not a valid key name/)
  })
})

describe('signed notes: every malformed variant is refused with a reason', () => {
  const v = vkey(GO_VKEY)
  const sig = GO_NOTE.slice(GO_TEXT.length + 1) // '— PeterNeumann x08go…=\n'
  const [, , b64] = sig.slice(0, -1).split(' ') as [string, string, string]
  const otherSig = (() => {
    const bytes = Buffer.from(b64, 'base64')
    bytes.writeUInt8(bytes.readUInt8(3) ^ 1, 3) // another key ID: an unknown key
    return `— PeterNeumann ${bytes.toString('base64')}\n`
  })()

  const cases: Array<[string, string | Buffer, string]> = [
    ['no blank line', GO_TEXT + sig, 'NOTE_NO_BLANK_LINE'],
    ['no final newline', GO_NOTE.slice(0, -1), 'NOTE_NO_NEWLINE'],
    ['a body without its final newline', GO_TEXT.slice(0, -1) + '\n' + sig, 'NOTE_NO_BLANK_LINE'],
    ['no signature line', GO_TEXT + '\n', 'NOTE_NO_SIGNATURES'],
    ['bad base64', GO_TEXT + '\n' + sig.replace('x08go', 'x08g!'), 'NOTE_BAD_BASE64'],
    ['base64 without padding', GO_TEXT + '\n' + sig.replace('AM=\n', 'AM\n'), 'NOTE_BAD_BASE64'],
    [
      'base64 with non-zero trailing bits',
      GO_TEXT + '\n' + sig.replace('AM=\n', 'AN=\n'),
      'NOTE_BAD_BASE64'
    ],
    [
      'a hyphen instead of the em dash',
      GO_TEXT + '\n' + sig.replace('—', '-'),
      'NOTE_BAD_SIGNATURE_LINE'
    ],
    [
      'two spaces after the dash',
      GO_TEXT + '\n' + sig.replace('— ', '—  '),
      'NOTE_BAD_SIGNATURE_LINE'
    ],
    [
      'two spaces before the signature',
      GO_TEXT + '\n' + sig.replace(' x08', '  x08'),
      'NOTE_BAD_SIGNATURE_LINE'
    ],
    ['a trailing space', GO_TEXT + '\n' + sig.replace('=\n', '= \n'), 'NOTE_BAD_SIGNATURE_LINE'],
    ['a line after the signatures', GO_NOTE + 'trailing words\n', 'NOTE_BAD_SIGNATURE_LINE'],
    // The last blank line separates: the first signature line becomes text, and only the
    // unknown key's signature is left.
    ['an empty line among the signatures', GO_NOTE + '\n' + otherSig, 'NOTE_UNVERIFIED'],
    [
      'a plus in the key name',
      GO_TEXT + '\n' + sig.replace('PeterNeumann', 'Peter+Neumann'),
      'NOTE_BAD_KEY_NAME'
    ],
    ['a carriage return', GO_NOTE.replace('\n\n', '\r\n\n'), 'NOTE_CONTROL_CHARACTER'],
    ['a NUL byte', 'a\u0000' + GO_NOTE, 'NOTE_CONTROL_CHARACTER'],
    [
      'a signature of 4 bytes',
      GO_TEXT + '\n— PeterNeumann x08go/Y=\n'.replace('x08go/Y=', 'x08gow=='),
      'NOTE_SIGNATURE_TOO_SHORT'
    ],
    ['the same key twice', GO_NOTE + sig, 'NOTE_DUPLICATE_SIGNATURE'],
    [
      'too many signatures',
      GO_TEXT +
        '\n' +
        Array.from({ length: MAX_SIGNATURES + 1 }, (_, i) => `— k${i} ${b64}\n`).join(''),
      'NOTE_TOO_MANY_SIGNATURES'
    ],
    ['an over-long note', 'x'.repeat(MAX_NOTE_BYTES) + '\n' + '\n' + sig, 'NOTE_TOO_LARGE'],
    [
      'an over-long note as bytes',
      Buffer.from('x'.repeat(MAX_NOTE_BYTES) + '\n\n' + sig),
      'NOTE_TOO_LARGE'
    ]
  ]

  it.each(cases)('%s', (_, note, code) => {
    const parsed = verifyNote(note, [v])
    expect(parsed).toMatchObject({ ok: false, code })
    expect((parsed as { reason: string }).reason.length).toBeGreaterThan(10)
  })

  it('a wrong key ID is an unknown key: the note is unverified', () => {
    expect(verifyNote(GO_TEXT + '\n' + otherSig, [v])).toMatchObject({
      ok: false,
      code: 'NOTE_UNVERIFIED'
    })
    // but it is well-formed, and a valid signature beside it still counts
    expect(verifyNote(GO_NOTE + otherSig, [v]).ok).toBe(true)
  })
})
