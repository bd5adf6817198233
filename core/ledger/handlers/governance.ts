// Votes of a subsystem's collectives, one collective one vote (§5, §6.1, §7). A proposal
// passes the moment more than the quorum share of the subsystem's collectives voted yes, and
// fails the moment that can no longer happen; it takes effect as it passes.
import { refuse, type Refusal } from '../../protocol/errors.ts'
import { getCollective, isRefusal, requireMember, type Context, type Handler } from '../context.ts'
import { isCommons } from '../commons.ts'
import { keys } from '../keys.ts'
import type { ProposalRecord } from '../records.ts'
import { soleSigner } from './collectives.ts'
import { paramsOf } from './orders.ts'
import { requireProduct } from './resources.ts'
import { checkCouncilChoice, councilEnough, councilPayload, electCouncil, NETWORK_KINDS, networkSize } from '../council.ts'

export const proposalCreate: Handler<'proposal.create'> = {
  signers: soleSigner,
  async apply(ctx) {
    const proposer = await requireMember(ctx, ctx.tx.signers[0]!)
    if (isRefusal(proposer)) return proposer
    const body = ctx.tx.body
    if (body.closesAt <= ctx.tx.time) return refuse('CLOSES_IN_PAST', 'a proposal must close after it is made')
    if (body.kind === 'commons.add' || body.kind === 'commons.remove') {
      const product = await requireProduct(ctx, body.payload.product)
      if (isRefusal(product)) return product
      const commons = await isCommons(ctx, proposer.subsystem, product.id)
      if (commons === (body.kind === 'commons.add')) {
        return refuse('NO_CHANGE', `${product.name} is already ${commons ? 'commons' : 'exclusive'} in this subsystem`)
      }
    }
    if (body.kind === 'production') {
      const estimate = await ctx.state.get(keys.estimate(body.payload.estimate))
      if (!estimate) return refuse('UNKNOWN_ESTIMATE', 'the production vote names no existing estimate')
      if (estimate.replacedBy) return refuse('ESTIMATE_REPLACED', `the estimate was replaced by ${estimate.replacedBy.slice(0, 8)}…: vote on that one`)
      const producer = await getCollective(ctx, estimate.producer)
      if (producer?.subsystem !== proposer.subsystem) {
        return refuse('NOT_IN_SUBSYSTEM', `the estimate is ${producer?.name ?? 'another collective'}'s: only its own subsystem votes on it`)
      }
    }
    let payload = body.payload as Record<string, string>
    if (body.kind === 'council') {
      const choice = await checkCouncilChoice(ctx, body.payload)
      if (isRefusal(choice)) return choice
      payload = councilPayload(choice)
    }
    const record: ProposalRecord = {
      id: ctx.id,
      subsystem: proposer.subsystem,
      proposer: proposer.id,
      kind: body.kind,
      payload,
      closesAt: body.closesAt,
      yes: 0,
      no: 0,
      status: 'open'
    }
    ctx.state.put(keys.proposal(ctx.id), record)
  }
}

export const voteCast: Handler<'vote.cast'> = {
  signers: soleSigner,
  async apply(ctx) {
    const voter = await requireMember(ctx, ctx.tx.signers[0]!)
    if (isRefusal(voter)) return voter
    const proposal = await ctx.state.get(keys.proposal(ctx.tx.body.proposal))
    if (!proposal) return refuse('UNKNOWN_PROPOSAL', 'no proposal with that id exists')
    if (proposal.status !== 'open') return refuse('PROPOSAL_CLOSED', `the proposal has already ${proposal.status}`)
    if (ctx.tx.time > proposal.closesAt) return refuse('VOTE_CLOSED', 'the vote closed before this ballot was cast')
    if (NETWORK_KINDS.has(proposal.kind)) return networkBallot(ctx, proposal, voter.id, voter.name)
    if (!(await ctx.state.get(keys.subsystem(proposal.subsystem)))) {
      return refuse('PROPOSAL_VOID', 'the subsystem that was voting on this has merged into another: propose it again there')
    }
    if (voter.subsystem !== proposal.subsystem) return refuse('NOT_IN_SUBSYSTEM', `${voter.name} is not in the subsystem that votes on this`)
    if (await ctx.state.get(keys.vote(proposal.id, voter.id))) return refuse('ALREADY_VOTED', `${voter.name} has already voted`)
    ctx.state.put(keys.vote(proposal.id, voter.id), ctx.tx.body.choice)
    const next: ProposalRecord = { ...proposal }
    if (ctx.tx.body.choice === 'yes') next.yes++
    else next.no++
    const size = ((await ctx.state.get(keys.subsystem(proposal.subsystem)))?.size ?? 1)
    const quorum = Number((await paramsOf(ctx, proposal.subsystem)).quorumPercent) // a whole 0..100
    // More than the quorum share; a yes from everyone always passes (a quorum of 100% means
    // unanimity, not a vote that can never pass).
    const enough = (yes: number) => yes * 100 > quorum * size || yes === size
    if (enough(next.yes)) {
      next.status = 'passed'
      await enact(ctx, next)
    } else if (!enough(size - next.no)) {
      next.status = 'failed'
    }
    ctx.state.put(keys.proposal(proposal.id), next)
  }
}

/**
 * A ballot on what the whole network decides (the council): every member collective votes,
 * whatever its subsystem, and more than half of the members now must say yes (§14.1).
 */
async function networkBallot(ctx: Context<'vote.cast'>, proposal: ProposalRecord, voter: string, name: string): Promise<Refusal | void> {
  if (await ctx.state.get(keys.vote(proposal.id, voter))) return refuse('ALREADY_VOTED', `${name} has already voted`)
  ctx.state.put(keys.vote(proposal.id, voter), ctx.tx.body.choice)
  const next: ProposalRecord = { ...proposal }
  if (ctx.tx.body.choice === 'yes') next.yes++
  else next.no++
  const size = await networkSize(ctx)
  if (councilEnough(next.yes, size)) {
    next.status = 'passed'
    await enact(ctx, next)
  } else if (!councilEnough(size - next.no, size)) {
    next.status = 'failed'
  }
  ctx.state.put(keys.proposal(proposal.id), next)
}

async function enact(ctx: Context, proposal: ProposalRecord): Promise<void> {
  const { subsystem, payload } = proposal
  switch (proposal.kind) {
    case 'commons.add':
      ctx.state.put(keys.commons(subsystem, payload.product!), proposal.id)
      return
    case 'commons.remove':
      ctx.state.del(keys.commons(subsystem, payload.product!))
      return
    case 'parameter': {
      const params = (await ctx.state.get(keys.params(subsystem))) ?? {}
      ctx.state.put(keys.params(subsystem), { ...params, [payload.name!]: payload.value! })
      return
    }
    case 'production':
      ctx.state.put(keys.passedProduction(payload.estimate!), proposal.id)
      return
    case 'council':
      await electCouncil(ctx, proposal)
  }
}
