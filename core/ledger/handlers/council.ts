// The council's entries (docs/protocol.md §14.2, §14.3). Signed by the member they speak for;
// the cryptographic checks are core/checkpoint's, run on the state kept in the view.
import { submitComplaint, submitConfirmation, submitJustification, submitRound1, submitRound2 } from '../../checkpoint/dkg.ts'
import { refuse } from '../../protocol/errors.ts'
import { isRefusal, requireMember, type Handler } from '../context.ts'
import { checkTick, dkgClock, saveDkg } from '../council-dkg.ts'
import { signingStep } from '../council-signing.ts'
import { keys } from '../keys.ts'
import { soleSigner } from './collectives.ts'

export const councilDkg: Handler<'council.dkg'> = {
  signers: soleSigner,
  async apply(ctx) {
    const member = await requireMember(ctx, ctx.tx.signers[0]!)
    if (isRefusal(member)) return member
    const state = await ctx.state.get(keys.councilDkg)
    if (!state) return refuse('DKG_WRONG_EPOCH', 'no council key is being generated')
    const body = ctx.tx.body
    const from = member.id
    if (body.step === 'tick') return checkTick(state, from, body) ?? undefined
    // Steps are recorded at the DKG's clock (members' entries), not at the log position.
    const at = (await dkgClock(ctx, state)).entries
    const step =
      body.step === 'round1'
        ? submitRound1(state, from, body, at)
        : body.step === 'round2'
          ? submitRound2(state, from, body, at)
          : body.step === 'complaint'
            ? submitComplaint(state, from, body, at)
            : body.step === 'justification'
              ? submitJustification(state, from, body, at)
              : submitConfirmation(state, from, body, at)
    if (!step.ok) return step
    await saveDkg(ctx, step.value.state, step.value.outcome)
  }
}

export const councilSign: Handler<'council.sign'> = {
  signers: soleSigner,
  async apply(ctx) {
    const member = await requireMember(ctx, ctx.tx.signers[0]!)
    if (isRefusal(member)) return member
    return signingStep(ctx, member.id)
  }
}
