// Councils for the checkpoint tests: a whole DKG run in memory, and a signing round.
import {
  aggregate,
  commit,
  dkgFinish,
  dkgRound1,
  dkgRound2,
  signShare,
  type KeyShare,
  type Round1Package
} from '../../core/checkpoint/frost.ts'

/** Every member's three DKG steps, all shares delivered in the clear. */
export function runDkg(
  threshold: number,
  size: number
): { packages: Round1Package[]; keys: KeyShare[] } {
  const round1 = Array.from({ length: size }, (_, i) => dkgRound1(i + 1, threshold, size))
  const packages = round1.map((r) => r.package)
  const shares = round1.flatMap((r) => dkgRound2(r.secret, packages))
  const keys = round1.map((r) =>
    dkgFinish(
      r.secret,
      packages,
      shares.filter((s) => s.to === r.package.index)
    )
  )
  return { packages, keys }
}

/** One honest signing round of the members in `set` (1-based indices); the signature in hex. */
export function signWith(keys: KeyShare[], set: number[], message: Uint8Array): string {
  const made = set.map((i) => ({ i, ...commit(keys[i - 1]!) }))
  const commitments = made.map((m) => m.commitment)
  const shares = new Map(
    made.map((m) => [m.i, signShare(keys[m.i - 1]!, m.nonces, commitments, message)])
  )
  const signature = aggregate(keys[0]!, commitments, message, shares)
  if (!signature.ok) throw new Error(signature.reason)
  return signature.value
}
