// The backup file: a small archive of named files, encrypted as one stream with libsodium's
// secretstream (XChaCha20-Poly1305) under a key derived from a passphrase (Argon2id).
//
//   offset  size  what
//        0    16  "STACHANOV-BACKUP"
//       16     1  format version (1)
//       17     4  Argon2id opslimit, big-endian
//       21     4  Argon2id memlimit in bytes, big-endian
//       25    16  salt
//       41    24  secretstream header
//       65     …  chunks: 4-byte big-endian length, then that many bytes of ciphertext
//
// The 65 header bytes are the first chunk's additional data, so they cannot be altered
// unnoticed. Every chunk is authenticated and ordered by the stream; the last carries the
// FINAL tag, so a file cut short is told apart from a whole one. The plaintext is a sequence
// of records: 2-byte name length, the name (UTF-8, a relative path with `/`), 8-byte size,
// the bytes. Nothing about the contents (names, sizes) is readable without the passphrase.
import { open, type FileHandle } from 'node:fs/promises'
import sodium from 'sodium-native'
import { NodeError } from './errors.ts'
import { deriveKey, kdfParamsAcceptable, MODERATE, newSalt, SALT_BYTES } from './passphrase.ts'

const MAGIC = Buffer.from('STACHANOV-BACKUP', 'ascii')
const VERSION = 1
const HEADER_BYTES: number = sodium.crypto_secretstream_xchacha20poly1305_HEADERBYTES
const ABYTES: number = sodium.crypto_secretstream_xchacha20poly1305_ABYTES
const STATE_BYTES: number = sodium.crypto_secretstream_xchacha20poly1305_STATEBYTES
const TAG_MESSAGE: number = sodium.crypto_secretstream_xchacha20poly1305_TAG_MESSAGE
const TAG_FINAL: number = sodium.crypto_secretstream_xchacha20poly1305_TAG_FINAL
const PREFIX_BYTES = MAGIC.length + 1 + 4 + 4 + SALT_BYTES
const FILE_HEADER_BYTES = PREFIX_BYTES + HEADER_BYTES
/** Plaintext per chunk. */
const CHUNK = 64 * 1024
const NAME_MAX = 1024

export interface BackupEntry {
  name: string
  data: Buffer
}

/** A name the archive may hold: relative, `/`-separated, no `..`, nothing odd. */
export function safeName(name: string): boolean {
  if (name.length === 0 || name.length > NAME_MAX || name.startsWith('/') || name.includes('\\')) return false
  return name.split('/').every((part) => part !== '' && part !== '.' && part !== '..' && /^[\w.\-]+$/.test(part))
}

/** Writes an encrypted archive to `path` (which the caller makes whole: temp file, rename). */
export class BackupWriter {
  private pending: Buffer[] = []
  private pendingBytes = 0

  private constructor(
    private readonly file: FileHandle,
    private readonly state: Buffer,
    private ad: Buffer | null
  ) {}

  static async create(path: string, passphrase: string, params: { ops: number; mem: number } = MODERATE): Promise<BackupWriter> {
    const salt = newSalt()
    const key = await deriveKey(passphrase, { ...params, salt })
    const prefix = Buffer.alloc(PREFIX_BYTES)
    MAGIC.copy(prefix, 0)
    prefix.writeUInt8(VERSION, 16)
    prefix.writeUInt32BE(params.ops, 17)
    prefix.writeUInt32BE(params.mem, 21)
    salt.copy(prefix, 25)
    const state = sodium.sodium_malloc(STATE_BYTES)
    const header = Buffer.alloc(HEADER_BYTES)
    sodium.crypto_secretstream_xchacha20poly1305_init_push(state, header, key)
    const file = await open(path, 'w', 0o600)
    const head = Buffer.concat([prefix, header])
    await file.write(head)
    return new BackupWriter(file, state, head)
  }

  /** Adds one file; `data` may come in pieces (a large file read in chunks). */
  async add(name: string, size: number, data: AsyncIterable<Buffer> | Buffer): Promise<void> {
    if (!safeName(name)) throw new Error(`${name} cannot be kept in a backup`)
    const nameBytes = Buffer.from(name, 'utf8')
    const head = Buffer.alloc(2 + nameBytes.length + 8)
    head.writeUInt16BE(nameBytes.length, 0)
    nameBytes.copy(head, 2)
    head.writeBigUInt64BE(BigInt(size), 2 + nameBytes.length)
    await this.write(head)
    let written = 0
    for await (const piece of Buffer.isBuffer(data) ? [data] : data) {
      written += piece.length
      await this.write(piece)
    }
    if (written !== size) throw new Error(`${name} changed while it was backed up`)
  }

  /** Ends the stream (the FINAL tag) and closes the file, synced to disk. */
  async finish(): Promise<void> {
    await this.flush(TAG_FINAL)
    await this.file.sync()
    await this.file.close()
  }

  /** Closes the file after a failure (the caller removes it). */
  async abort(): Promise<void> {
    await this.file.close().catch(() => {})
  }

  private async write(bytes: Buffer): Promise<void> {
    let offset = 0
    while (offset < bytes.length) {
      const take = Math.min(CHUNK - this.pendingBytes, bytes.length - offset)
      this.pending.push(bytes.subarray(offset, offset + take))
      this.pendingBytes += take
      offset += take
      if (this.pendingBytes === CHUNK) await this.flush(TAG_MESSAGE)
    }
  }

  private async flush(tag: number): Promise<void> {
    const plain = Buffer.concat(this.pending)
    this.pending = []
    this.pendingBytes = 0
    const cipher = Buffer.alloc(4 + plain.length + ABYTES)
    cipher.writeUInt32BE(plain.length + ABYTES, 0)
    sodium.crypto_secretstream_xchacha20poly1305_push(this.state, cipher.subarray(4), plain, this.ad, tag)
    this.ad = null
    await this.file.write(cipher)
  }
}

/**
 * Reads the archive at `path`, yielding each file's name and then its bytes in pieces.
 * Throws BAD_BACKUP for anything that is not a whole backup, WRONG_PASSPHRASE when the
 * passphrase does not open it; the caller must discard what it wrote before either.
 */
export async function* readBackup(path: string, passphrase: string): AsyncGenerator<{ name: string; size: number } | Buffer> {
  let file: FileHandle
  try {
    file = await open(path, 'r')
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code
    throw new NodeError('BAD_BACKUP', `cannot read ${path}: ${code === 'ENOENT' ? 'no such file' : (error as Error).message}`)
  }
  try {
    const plain = decryptChunks(file, path, passphrase)
    const reader = new ByteReader(plain, path)
    for (;;) {
      const head = await reader.take(2, true)
      if (head === null) return
      const name = (await reader.take(head.readUInt16BE(0)))!.toString('utf8')
      const size = (await reader.take(8))!.readBigUInt64BE(0)
      if (!safeName(name) || size > BigInt(Number.MAX_SAFE_INTEGER)) throw damaged(path, 'it names a file it may not hold')
      yield { name, size: Number(size) }
      let left = Number(size)
      while (left > 0) {
        const piece = (await reader.take(Math.min(left, CHUNK)))!
        left -= piece.length
        yield piece
      }
    }
  } finally {
    await file.close()
  }
}

async function* decryptChunks(file: FileHandle, path: string, passphrase: string): AsyncGenerator<Buffer> {
  const head = Buffer.alloc(FILE_HEADER_BYTES)
  const { bytesRead } = await file.read(head, 0, head.length, 0)
  if (bytesRead < head.length || !head.subarray(0, MAGIC.length).equals(MAGIC)) {
    throw new NodeError('BAD_BACKUP', `${path} is not a Stachanov backup`)
  }
  if (head.readUInt8(16) !== VERSION) throw new NodeError('BAD_BACKUP', `${path} was made by another version of Stachanov (format ${head.readUInt8(16)}): update this app to restore it`)
  const params = { ops: head.readUInt32BE(17), mem: head.readUInt32BE(21), salt: Buffer.from(head.subarray(25, PREFIX_BYTES)) }
  if (!kdfParamsAcceptable(params)) throw damaged(path, 'its header is damaged')
  const key = await deriveKey(passphrase, params)
  const state = sodium.sodium_malloc(STATE_BYTES)
  try {
    sodium.crypto_secretstream_xchacha20poly1305_init_pull(state, head.subarray(PREFIX_BYTES), key)
  } catch {
    throw damaged(path, 'its header is damaged')
  }
  let position = FILE_HEADER_BYTES
  let first = true
  const lengthBytes = Buffer.alloc(4)
  for (;;) {
    const got = (await file.read(lengthBytes, 0, 4, position)).bytesRead
    if (got < 4) throw cutShort(path)
    const length = lengthBytes.readUInt32BE(0)
    if (length < ABYTES || length > CHUNK + ABYTES) throw damaged(path, `it is damaged at byte ${position}`)
    const cipher = Buffer.alloc(length)
    if ((await file.read(cipher, 0, length, position + 4)).bytesRead < length) throw cutShort(path)
    const plain = Buffer.alloc(length - ABYTES)
    const tag = Buffer.alloc(1)
    let opened = true
    try {
      sodium.crypto_secretstream_xchacha20poly1305_pull(state, plain, tag, cipher, first ? head : null)
    } catch {
      opened = false
    }
    if (!opened) {
      if (first) throw new NodeError('WRONG_PASSPHRASE', 'the passphrase does not open this backup (check it; if it is right, the file is damaged)')
      throw damaged(path, `it is damaged at byte ${position}`)
    }
    first = false
    position += 4 + length
    if (plain.length) yield plain
    if (tag[0] === TAG_FINAL) {
      const after = (await file.read(Buffer.alloc(1), 0, 1, position)).bytesRead
      if (after > 0) throw damaged(path, 'it has data after its end')
      return
    }
  }
}

/** Takes exact byte counts out of a stream of decrypted chunks. */
class ByteReader {
  private buffer: Buffer = Buffer.alloc(0)
  constructor(
    private readonly source: AsyncGenerator<Buffer>,
    private readonly path: string
  ) {}

  /** `n` bytes; null only when `atBoundary` and the stream ended exactly here. */
  async take(n: number, atBoundary = false): Promise<Buffer | null> {
    while (this.buffer.length < n) {
      const next = await this.source.next()
      if (next.done) {
        if (atBoundary && this.buffer.length === 0) return null
        throw damaged(this.path, 'a file in it is incomplete')
      }
      this.buffer = this.buffer.length ? Buffer.concat([this.buffer, next.value]) : next.value
    }
    const out = this.buffer.subarray(0, n)
    this.buffer = this.buffer.subarray(n)
    return out
  }
}

const damaged = (path: string, why: string) => new NodeError('BAD_BACKUP', `${path} cannot be restored: ${why}`)
const cutShort = (path: string) => new NodeError('BAD_BACKUP', `${path} ends early: it was cut short (copy it again from where it was kept)`)
