// The council's own entries (docs/protocol.md §14.2, §14.3): its key generation, with the log
// as the broadcast channel, and the signing of checkpoints. Each is signed by the member
// collective it speaks for; the ledger hands them to core/checkpoint's state machines, which
// check the cryptography. Here only the shape: lowercase hex of the right lengths.
import { z } from 'zod'
import { publicKey } from '../fields.ts'

const hexOf = (bytes: number, what: string) =>
  z.string().regex(new RegExp(`^[0-9a-f]{${bytes * 2}}$`), `${what} is ${bytes} bytes of lowercase hex`)
const point = hexOf(32, 'a point')
const epoch = z.number().int('an epoch is a whole number').min(1).max(1_000_000)
const attempt = z.number().int('an attempt is a whole number').min(0).max(1_000)
const header = { epoch, attempt }

/** One step of the DKG of the council of `epoch` (attempt: restarts after an exclusion). */
export const councilDkg = z.discriminatedUnion(
  'step',
  [
    /** Round 1: the polynomial's commitment (threshold points) and the proof of knowledge. */
    z.strictObject({ step: z.literal('round1'), ...header, commitment: z.array(point).min(2).max(64), proof: hexOf(64, 'a proof') }),
    /** Round 2: one sealed share per other member, in member order (core/checkpoint/seal.ts). */
    z.strictObject({ step: z.literal('round2'), ...header, boxes: z.array(hexOf(207, 'a sealed share')).min(1).max(63) }),
    /** The share from `against` did not open or did not match its commitment. */
    z.strictObject({ step: z.literal('complaint'), ...header, against: publicKey }),
    /** The accused reveals the share it sent `to`, for everyone to check. */
    z.strictObject({ step: z.literal('justification'), ...header, to: publicKey, share: hexOf(32, 'a share') }),
    /** Round 3 is done: the member confirms the group key. */
    z.strictObject({ step: z.literal('confirm'), ...header, key: point }),
    /** Nothing new, the member is waiting: the log moves on, so silent members time out. */
    z.strictObject({ step: z.literal('tick'), ...header })
  ],
  { error: 'a DKG step is round1, round2, complaint, justification, confirm or tick' }
)

const commitment = z.strictObject({ hiding: point, binding: point })

/** Signing checkpoints (and hand-overs) with the council's key of `epoch`. */
export const councilSign = z.discriminatedUnion(
  'step',
  [
    /**
     * Nonce commitments published ahead; their nonces never leave the member's memory. With
     * `replace`, they replace the member's unused ones (a restart lost their nonces).
     */
    z.strictObject({ step: z.literal('commitments'), epoch, commitments: z.array(commitment).min(1).max(16), replace: z.literal(true).optional() }),
    /** A signature share for the open session's current round. */
    z.strictObject({
      step: z.literal('share'),
      epoch,
      session: z.number().int().min(1),
      round: z.number().int().min(1),
      share: hexOf(32, 'a signature share'),
      /** The round it answers (`roundDigest`: its message and signing set), so a reorder is told from a bad share. */
      answers: hexOf(32, 'a round digest').optional()
    }),
    /**
     * Opens the due checkpoint's session with the view line: the view core's length and tree
     * hash where the sender's node has confirmed the due length (apply cannot know them).
     */
    z.strictObject({
      step: z.literal('open'),
      epoch,
      view: z.strictObject({ length: z.number().int().min(1), hash: hexOf(32, 'a tree hash') })
    }),
    /** Nothing new, the member is waiting: the log moves on, so silent rounds time out. */
    z.strictObject({ step: z.literal('tick'), epoch })
  ],
  { error: 'a signing step is commitments, share, open or tick' }
)
