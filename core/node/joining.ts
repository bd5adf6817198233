// How a new collective joins: it signs its registration and its half of the strong trust
// with the member that invited it; the member checks both, adds its signature and appends
// them. The trust makes the newcomer's device a writer (PROTOCOL §3). The transport that
// carries this request (pairing, a file) is not this module's concern.
import { checkTransaction, verifySignatures } from '../protocol/decode.ts'
import type { Transaction } from '../protocol/envelope.ts'
import { createTransaction, signTransaction } from '../protocol/sign.ts'
import { NodeError } from './errors.ts'
import type { Identity } from './keys.ts'
import type { Role } from './collective-node.ts'

export interface JoinRequest {
  registration: Transaction<'collective.register'>
  trust: Transaction<'trust.establish'>
}

/** The newcomer's side: what it asks `memberId` to append. */
export function makeJoinRequest(identity: Identity, input: { name: string; roles: Role[]; writerKey: string; memberId: string; time: number }): JoinRequest {
  const registration = signTransaction(
    createTransaction({ type: 'collective.register', body: { name: input.name, roles: input.roles, devices: [input.writerKey] }, time: input.time, signers: [identity.id] }),
    identity.keyPair
  )
  const trust = signTransaction(
    createTransaction({ type: 'trust.establish', body: { a: input.memberId, b: identity.id }, time: input.time, signers: [input.memberId, identity.id] }),
    identity.keyPair
  )
  return { registration, trust }
}

/** The member's side: checks the request; returns the transactions to append, fully signed. */
export function acceptJoinRequest(member: Identity, request: unknown): Transaction[] {
  const { registration, trust } = (request ?? {}) as Partial<JoinRequest>
  const reg = checkTransaction(registration)
  const tr = checkTransaction(trust)
  if (!reg.ok || reg.tx.type !== 'collective.register') throw new NodeError('BAD_JOIN_REQUEST', 'the join request holds no valid registration')
  if (!tr.ok || tr.tx.type !== 'trust.establish') throw new NodeError('BAD_JOIN_REQUEST', 'the join request holds no valid trust')
  const newcomer = reg.tx.signers[0]
  const body = tr.tx.body as { a: string; b: string }
  if (reg.tx.signers.length !== 1 || body.a !== member.id || body.b !== newcomer) {
    throw new NodeError('BAD_JOIN_REQUEST', 'the join request does not ask this collective for trust')
  }
  for (const decoded of [reg, tr]) {
    const bad = verifySignatures(decoded)
    if (bad) throw new NodeError('BAD_JOIN_REQUEST', bad.reason)
    if (!decoded.tx.sigs[newcomer!]) throw new NodeError('BAD_JOIN_REQUEST', 'the newcomer has not signed its request')
  }
  return [reg.tx, signTransaction(tr.tx, member.keyPair)]
}
