// Votes of a subsystem's collectives (§5 production vote, §6.1 commons, §7), and the
// completion of co-signed transactions (PROTOCOL §2).
import { z } from 'zod'
import { minutes, micro, optionalText, publicKey, signature, timestamp, txId } from '../fields.ts'

const parameterChange = z.strictObject({
  kind: z.literal('parameter'),
  payload: z.discriminatedUnion('name', [
    z.strictObject({ name: z.literal('graceMinutes'), value: minutes }),
    /** The write-off limit as a fraction of a: `num/den` (default 1/10). */
    z.strictObject({ name: z.literal('writeoffLimit'), value: z.string().regex(/^[0-9]{1,6}\/[1-9][0-9]{0,5}$/, 'a limit is a fraction like 1/10') }),
    z.strictObject({ name: z.literal('voteThreshold'), value: micro }),
    z.strictObject({ name: z.literal('quorumPercent'), value: z.string().regex(/^([1-9]?[0-9]|100)$/, 'a quorum is a percentage 0 to 100') })
  ]),
  closesAt: timestamp
})

const commonsChange = z.strictObject({
  kind: z.enum(['commons.add', 'commons.remove']),
  payload: z.strictObject({ product: txId }),
  closesAt: timestamp
})

const productionVote = z.strictObject({
  kind: z.literal('production'),
  payload: z.strictObject({ estimate: txId }),
  closesAt: timestamp
})

/**
 * Elects the network's council (docs/protocol.md §14.1): the member collectives whose devices
 * confirm the log and whose threshold key signs checkpoints. A re-election replaces it.
 * The threshold is a whole number; the rules check that it is more than half the members.
 */
const councilElection = z.strictObject({
  kind: z.literal('council'),
  payload: z.strictObject({
    members: z
      .array(publicKey)
      .min(2, 'a council has at least 2 members')
      .max(64, 'a council has at most 64 members')
      .refine((list) => new Set(list).size === list.length, 'a council names each member once'),
    threshold: z.string().regex(/^[1-9][0-9]?$/, 'a threshold is a whole number 1 to 99')
  }),
  closesAt: timestamp
})

export const proposalCreate = z.discriminatedUnion('kind', [parameterChange, commonsChange, productionVote, councilElection], {
  error: 'a proposal kind is commons.add, commons.remove, parameter, production or council'
})

export const voteCast = z.strictObject({
  proposal: txId,
  choice: z.enum(['yes', 'no'], { error: 'a vote is "yes" or "no"' })
})

/** Adds one missing signature to a pending co-signed transaction. */
export const cosign = z.strictObject({ tx: txId, signer: publicKey, sig: signature })

/** A required signer refuses a pending transaction; it will never take effect. */
export const cosignDecline = z.strictObject({ tx: txId, reason: optionalText('the reason', 500) })

