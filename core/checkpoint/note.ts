// Signed notes (c2sp.org/signed-note): a UTF-8 text ending in a newline, a blank line, and
// one or more signature lines `— <key name> <base64(key ID || signature)>`. Checkpoints and
// hand-overs of the council are signed notes, so anyone can check them with the group key
// and one Ed25519 verification, with our code or with any other implementation of the spec.
//
// Parsing is strict: whatever is not exactly the format is refused with a code and a reason,
// never reinterpreted. Only Ed25519 keys (signature type 0x01) are supported.
import { createHash } from 'node:crypto'
import { sign, verify, type KeyPair } from '../protocol/crypto.ts'
import { CheckpointError, ok, refuse, type Refusal, type Result } from './errors.ts'

/** Larger notes are refused before anything else is read (a checkpoint is a few KiB). */
export const MAX_NOTE_BYTES = 65_536
/** The spec asks verifiers to accept at least 16 signatures. */
export const MAX_SIGNATURES = 32
/** The signature type byte of Ed25519 in key IDs and verifier keys. */
const ED25519 = 0x01
const EM_DASH = '\u2014'

export interface NoteSignature {
  name: string
  /** The key ID, a uint32 (big-endian on the wire). */
  keyId: number
  /** The signature bytes after the key ID. */
  signature: Buffer
}

export interface Note {
  /** The signed text, final newline included, separating blank line excluded. */
  text: string
  signatures: NoteSignature[]
}

/** A trusted Ed25519 key: its name, its key ID and the 32-byte public key. */
export interface NoteVerifier {
  name: string
  keyId: number
  publicKey: Buffer
}

const utf8 = new TextDecoder('utf-8', { fatal: true })
// Everything below U+0020 except the newline.
const CONTROL = /[\u0000-\u0009\u000b-\u001f]/
// Unicode spaces as Go's unicode.IsSpace sees them (JavaScript's \s lacks U+0085).
const SPACE = /[\s\u0085]/u
const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/

/** Key names are non-empty, without Unicode spaces or plus signs. */
export function isKeyName(name: string): boolean {
  return (
    name.length > 0 &&
    isWellFormed(name) &&
    !SPACE.test(name) &&
    !name.includes('+') &&
    !CONTROL.test(name)
  )
}

/** SHA-256(name || 0x0A || 0x01 || public key)[:4] as a uint32. */
export function keyIdOf(name: string, publicKey: Uint8Array): number {
  const digest = createHash('sha256')
    .update(Buffer.from(name + '\n', 'utf8'))
    .update(Buffer.of(ED25519))
    .update(publicKey)
    .digest()
  return digest.readUInt32BE(0)
}

/** The verifier for an Ed25519 key under this name. */
export function verifierOf(name: string, publicKey: Uint8Array): NoteVerifier {
  if (!isKeyName(name))
    throw new CheckpointError('NOTE_BAD_KEY_NAME', `"${name}" is not a valid key name`)
  if (publicKey.byteLength !== 32)
    throw new CheckpointError('NOTE_BAD_VERIFIER_KEY', 'an Ed25519 public key has 32 bytes')
  return { name, keyId: keyIdOf(name, publicKey), publicKey: Buffer.from(publicKey) }
}

/** `<name>+<hex key ID>+<base64(0x01 || public key)>` */
export function formatVerifierKey(verifier: NoteVerifier): string {
  const id = verifier.keyId.toString(16).padStart(8, '0')
  return `${verifier.name}+${id}+${Buffer.concat([Buffer.of(ED25519), verifier.publicKey]).toString('base64')}`
}

export function parseVerifierKey(vkey: string): Result<NoteVerifier> {
  // Only the first two '+' separate fields: a name never holds '+', but the base64 key may.
  const first = vkey.indexOf('+')
  const second = first < 0 ? -1 : vkey.indexOf('+', first + 1)
  if (second < 0) return badVkey('a verifier key has three parts separated by "+"')
  const name = vkey.slice(0, first)
  const id = vkey.slice(first + 1, second)
  const key = vkey.slice(second + 1)
  if (!isKeyName(name)) return badVkey(`"${name.slice(0, 64)}" is not a valid key name`)
  if (!/^[0-9a-f]{8}$/.test(id)) return badVkey('the key ID must be 8 lowercase hex digits')
  const bytes = decodeBase64(key)
  if (!bytes) return badVkey('the key is not canonical base64')
  if (bytes[0] !== ED25519) return badVkey('only Ed25519 keys (type 0x01) are supported')
  if (bytes.byteLength !== 33)
    return badVkey('an Ed25519 verifier key holds 32 bytes of public key')
  const verifier = { name, keyId: Number.parseInt(id, 16), publicKey: bytes.subarray(1) }
  if (keyIdOf(name, verifier.publicKey) !== verifier.keyId) {
    return badVkey('the key ID does not match the name and the key')
  }
  return ok(verifier)
}

/** Why a note text cannot be signed, or null when it can. */
export function checkText(text: string): Refusal | null {
  if (!isWellFormed(text)) return refuse('NOTE_NOT_UTF8', 'the text is not valid UTF-8')
  if (Buffer.byteLength(text, 'utf8') > MAX_NOTE_BYTES) {
    return refuse('NOTE_TOO_LARGE', `a note has at most ${MAX_NOTE_BYTES} bytes`)
  }
  if (CONTROL.test(text))
    return refuse('NOTE_CONTROL_CHARACTER', 'a note holds no control character but the newline')
  if (!text.endsWith('\n'))
    return refuse('NOTE_NO_NEWLINE', 'the text of a note ends with a newline')
  return null
}

/** The whole note: text, blank line, signature lines. Throws on what could not be parsed back. */
export function formatNote(note: Note): string {
  const problem = checkText(note.text)
  if (problem) throw new CheckpointError(problem.code, problem.reason)
  if (note.signatures.length === 0)
    throw new CheckpointError('NOTE_NO_SIGNATURES', 'a note needs a signature')
  const lines = note.signatures.map((s) => {
    if (!isKeyName(s.name))
      throw new CheckpointError('NOTE_BAD_KEY_NAME', `"${s.name}" is not a valid key name`)
    const id = Buffer.alloc(4)
    id.writeUInt32BE(s.keyId)
    return `${EM_DASH} ${s.name} ${Buffer.concat([id, s.signature]).toString('base64')}\n`
  })
  const formatted = `${note.text}\n${lines.join('')}`
  const parsed = parseNote(formatted)
  if (!parsed.ok) throw new CheckpointError(parsed.code, parsed.reason)
  return formatted
}

/** Signs the text with an Ed25519 key pair and returns the whole note. */
export function signNote(text: string, name: string, keyPair: KeyPair): string {
  const problem = checkText(text)
  if (problem) throw new CheckpointError(problem.code, problem.reason)
  const { keyId } = verifierOf(name, keyPair.publicKey)
  const signature = sign(Buffer.from(text, 'utf8'), keyPair.secretKey)
  return formatNote({ text, signatures: [{ name, keyId, signature }] })
}

/** Splits a note into its text and signatures, refusing anything malformed. */
export function parseNote(input: string | Uint8Array): Result<Note> {
  let note: string
  if (typeof input === 'string') {
    if (!isWellFormed(input)) return refuse('NOTE_NOT_UTF8', 'the note is not valid UTF-8')
    if (Buffer.byteLength(input, 'utf8') > MAX_NOTE_BYTES) return tooLarge()
    note = input
  } else {
    if (input.byteLength > MAX_NOTE_BYTES) return tooLarge()
    try {
      note = utf8.decode(input)
    } catch {
      return refuse('NOTE_NOT_UTF8', 'the note is not valid UTF-8')
    }
  }
  if (CONTROL.test(note))
    return refuse('NOTE_CONTROL_CHARACTER', 'a note holds no control character but the newline')
  if (!note.endsWith('\n')) return refuse('NOTE_NO_NEWLINE', 'a note ends with a newline')
  // The text ends at the last blank line; everything after it is signature lines.
  const split = note.lastIndexOf('\n\n')
  if (split < 0)
    return refuse('NOTE_NO_BLANK_LINE', 'a blank line must separate the text from the signatures')
  const text = note.slice(0, split + 1)
  const block = note.slice(split + 2)
  if (block === '') return refuse('NOTE_NO_SIGNATURES', 'the note has no signature line')
  const lines = block.slice(0, -1).split('\n')
  if (lines.length > MAX_SIGNATURES) {
    return refuse('NOTE_TOO_MANY_SIGNATURES', `a note has at most ${MAX_SIGNATURES} signatures`)
  }
  const signatures: NoteSignature[] = []
  const seen = new Set<string>()
  for (const [i, line] of lines.entries()) {
    const where = `signature line ${i + 1}`
    const parts = line.split(' ')
    if (parts.length !== 3 || parts[0] !== EM_DASH) {
      return refuse(
        'NOTE_BAD_SIGNATURE_LINE',
        `${where} is not "— <key name> <signature>" with single spaces`
      )
    }
    const [, name, encoded] = parts as [string, string, string]
    if (!isKeyName(name))
      return refuse('NOTE_BAD_KEY_NAME', `${where}: "${name.slice(0, 64)}" is not a valid key name`)
    const bytes = decodeBase64(encoded)
    if (!bytes) return refuse('NOTE_BAD_BASE64', `${where}: the signature is not canonical base64`)
    if (bytes.byteLength < 5)
      return refuse(
        'NOTE_SIGNATURE_TOO_SHORT',
        `${where}: a key ID and a signature need 5 bytes or more`
      )
    const keyId = bytes.readUInt32BE(0)
    const key = `${name} ${keyId}`
    if (seen.has(key))
      return refuse('NOTE_DUPLICATE_SIGNATURE', `${where}: the key ${name} signed twice`)
    seen.add(key)
    signatures.push({ name, keyId, signature: bytes.subarray(4) })
  }
  return ok({ text, signatures })
}

export interface Verified {
  text: string
  /** The trusted keys whose signatures verified, in the note's order. */
  signers: NoteVerifier[]
}

/**
 * Checks a note against trusted keys. Signatures of unknown keys are ignored (the spec's
 * rule: that is how keys rotate and witnesses cosign); a known key whose signature fails
 * refuses the whole note; a note that no known key signed is refused.
 */
export function verifyNote(
  input: string | Uint8Array,
  verifiers: NoteVerifier[]
): Result<Verified> {
  const parsed = parseNote(input)
  if (!parsed.ok) return parsed
  const { text, signatures } = parsed.value
  const message = Buffer.from(text, 'utf8')
  const signers: NoteVerifier[] = []
  for (const s of signatures) {
    const known = verifiers.find((v) => v.name === s.name && v.keyId === s.keyId)
    if (!known) continue
    if (!verify(message, s.signature, known.publicKey)) {
      return refuse('NOTE_BAD_SIGNATURE', `the signature of ${s.name} does not verify`)
    }
    signers.push(known)
  }
  if (signers.length === 0) return refuse('NOTE_UNVERIFIED', 'no trusted key signed the note')
  return ok({ text, signers })
}

/** Standard base64 with padding, only in its canonical form; null otherwise. */
function decodeBase64(text: string): Buffer | null {
  if (!BASE64.test(text)) return null
  const bytes = Buffer.from(text, 'base64')
  return bytes.toString('base64') === text ? bytes : null
}

/** No lone surrogates: the string has a UTF-8 encoding. */
function isWellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text)
}

const tooLarge = () => refuse('NOTE_TOO_LARGE', `a note has at most ${MAX_NOTE_BYTES} bytes`)
const badVkey = (reason: string) => refuse('NOTE_BAD_VERIFIER_KEY', reason)
