// RFC 6962 Merkle tree hashes (SHA-256, 0x00 before a leaf, 0x01 before two children), the
// tree a tlog-checkpoint's root line names. The checkpoint's root is this tree over the
// ledger's log lines; the statements line is this tree over the collectives' period
// statements. `apply` keeps the tree as a frontier (one hash per set bit of the size), so
// appending a leaf and reading the root cost O(log n), and the view stores at most 64 hashes.
import sodium from 'sodium-native'
import type { Hex } from './frost.ts'
import { isHex } from './public.ts'

// SHA-256 by libsodium over one buffer: `apply` hashes at least one node per entry (the log's
// frontier), and node:crypto's createHash object per hash cost several times the hashing.
const sha256 = (data: Uint8Array): Buffer => {
  // Unzeroed memory is fine: sodium writes all 32 bytes.
  const out = Buffer.allocUnsafe(32)
  sodium.crypto_hash_sha256(out, data)
  return out
}

/** A tag byte, then the parts, in one buffer. */
function tagged(tag: number, left: Uint8Array, right?: Uint8Array): Buffer {
  const bytes = Buffer.allocUnsafe(1 + left.byteLength + (right?.byteLength ?? 0))
  bytes[0] = tag
  bytes.set(left, 1)
  if (right) bytes.set(right, 1 + left.byteLength)
  return bytes
}

export const leafHash = (data: Uint8Array): Buffer => sha256(tagged(0x00, data))
export const nodeHash = (left: Uint8Array, right: Uint8Array): Buffer =>
  sha256(tagged(0x01, left, right))
/** The hash of the empty tree: SHA-256 of nothing. */
export const EMPTY_ROOT = sha256(new Uint8Array(0)).toString('hex')

/** MTH(D[n]) of RFC 6962 §2.1 over leaf hashes, by the definition (for tests and small trees). */
export function rootOf(leaves: Uint8Array[]): Buffer {
  if (leaves.length === 0) return sha256(new Uint8Array(0))
  if (leaves.length === 1) return Buffer.from(leaves[0]!)
  const k = largestPowerOfTwoBelow(leaves.length)
  return nodeHash(rootOf(leaves.slice(0, k)), rootOf(leaves.slice(k)))
}

/** The roots of the perfect subtrees a tree of `size` leaves is made of, largest first. */
export interface Frontier {
  size: number
  peaks: Hex[]
}

export const EMPTY_FRONTIER: Frontier = { size: 0, peaks: [] }

/**
 * The frontier after one more leaf: equal-sized subtrees merge, like carrying in binary.
 * `leaf` is the leaf's hash (`leafHash(data)`), never the leaf's data itself.
 */
export function appendLeaf(frontier: Frontier, leaf: Uint8Array): Frontier {
  const peaks = [...frontier.peaks]
  let hash: Buffer = Buffer.from(leaf)
  for (let n = frontier.size; n % 2 === 1; n = Math.floor(n / 2)) {
    hash = nodeHash(Buffer.from(peaks.pop()!, 'hex'), hash)
  }
  peaks.push(hash.toString('hex'))
  return { size: frontier.size + 1, peaks }
}

/** The tree's root from its frontier: the peaks folded from the right. */
export function frontierRoot(frontier: Frontier): Hex {
  if (frontier.peaks.length === 0) return EMPTY_ROOT
  let hash: Buffer = Buffer.from(frontier.peaks.at(-1)!, 'hex')
  for (let i = frontier.peaks.length - 2; i >= 0; i--)
    hash = nodeHash(Buffer.from(frontier.peaks[i]!, 'hex'), hash)
  return hash.toString('hex')
}

/** Whether a frontier read back from the view has the shape its size implies. */
export function isFrontier(value: Frontier): boolean {
  return (
    Number.isSafeInteger(value.size) &&
    value.size >= 0 &&
    Array.isArray(value.peaks) &&
    value.peaks.length === popCount(value.size) &&
    value.peaks.every((p) => isHex(p, 32))
  )
}

/** PATH(m, D[n]) of RFC 6962 §2.1.1: the audit path of leaf `index`, bottom up. */
export function inclusionProof(leaves: Uint8Array[], index: number): Buffer[] {
  if (!Number.isSafeInteger(index) || index < 0 || index >= leaves.length)
    throw new RangeError('no such leaf')
  if (leaves.length === 1) return []
  const k = largestPowerOfTwoBelow(leaves.length)
  return index < k
    ? [...inclusionProof(leaves.slice(0, k), index), rootOf(leaves.slice(k))]
    : [...inclusionProof(leaves.slice(k), index - k), rootOf(leaves.slice(0, k))]
}

/** RFC 9162 §2.1.3.2: does the path take this leaf at `index` of `size` to `root`? */
export function verifyInclusion(
  leaf: Uint8Array,
  index: number,
  size: number,
  proof: Uint8Array[],
  root: Uint8Array
): boolean {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size)
    return false
  let fn = index
  let sn = size - 1
  let r: Buffer = Buffer.from(leaf)
  for (const p of proof) {
    if (sn === 0) return false
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r)
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2)
          sn = Math.floor(sn / 2)
        }
      }
    } else {
      r = nodeHash(r, p)
    }
    fn = Math.floor(fn / 2)
    sn = Math.floor(sn / 2)
  }
  return sn === 0 && r.equals(Buffer.from(root))
}

function largestPowerOfTwoBelow(n: number): number {
  let k = 1
  while (k * 2 < n) k *= 2
  return k
}

function popCount(n: number): number {
  let count = 0
  for (let x = n; x > 0; x = Math.floor(x / 2)) count += x % 2
  return count
}
