// How a collective comes back on a new device from its 24 recovery words. The words give the
// collective's identity key again; what they cannot give is the network's own keys, nor a way
// to write: a new device's writer core is unknown to the view until a `device.bind` signed by
// the collective names it, and only a writer can append that. So the new device asks a member
// (any collective's device, with an invite code it made) the way a newcomer asks to join, but
// carrying a `device.bind` instead of a registration; the member checks it and appends it
// (PROTOCOL §1: any member's device may carry a collective's entry). The ledger decides, as
// always: an unknown collective or a device already bound is refused, and then the member
// hands over nothing. The old device, if it still exists, is unbound afterwards with
// `device.unbind` signed by the same key.
import { checkTransaction, verifySignatures } from '../protocol/decode.ts'
import type { Transaction } from '../protocol/envelope.ts'
import { createTransaction, signTransaction } from '../protocol/sign.ts'
import { NodeError } from './errors.ts'
import type { Identity } from './keys.ts'

export interface BindRequest {
  bind: Transaction<'device.bind'>
}

/** The new device's side: the collective binds this device's writer key. */
export function makeBindRequest(identity: Identity, input: { writerKey: string; time: number; replaces?: string }): BindRequest {
  const body = { device: input.writerKey, ...(input.replaces ? { replaces: input.replaces } : {}) }
  const bind = signTransaction(
    createTransaction({ type: 'device.bind', body, time: input.time, signers: [identity.id] }),
    identity.keyPair
  )
  return { bind }
}

/** Whether a pairing payload asks to bind a device (rather than to join). */
export function isBindRequest(request: unknown): request is BindRequest {
  return typeof request === 'object' && request !== null && 'bind' in request
}

/**
 * The member's side: checks that the request binds exactly the device that asks and is
 * signed by the collective it speaks for; returns the transaction to append.
 */
export function acceptBindRequest(request: unknown, writerKey: string): Transaction<'device.bind'> {
  const decoded = checkTransaction((request as Partial<BindRequest> | null)?.bind)
  if (!decoded.ok || decoded.tx.type !== 'device.bind') throw new NodeError('BAD_JOIN_REQUEST', 'the request holds no valid device binding')
  const tx = decoded.tx as Transaction<'device.bind'>
  if (tx.body.device !== writerKey) throw new NodeError('BAD_JOIN_REQUEST', 'the binding names another device than the one asking')
  if (tx.signers.length !== 1) throw new NodeError('BAD_JOIN_REQUEST', 'a device binding is signed by its collective alone')
  const bad = verifySignatures(decoded)
  if (bad) throw new NodeError('BAD_JOIN_REQUEST', bad.reason)
  if (!tx.sigs[tx.signers[0]!]) throw new NodeError('BAD_JOIN_REQUEST', 'the collective has not signed the binding')
  return tx
}
