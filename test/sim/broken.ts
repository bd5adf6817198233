// Rules broken on purpose, for proving that the simulator catches a broken ledger: a
// test-only hook that swaps a handler in the ledger's table (core/ledger/handlers/index.ts)
// for the length of a run. Nothing in core/ knows about it.
import type { Context, Handler } from '../../core/ledger/context.ts'
import { handlers } from '../../core/ledger/handlers/index.ts'
import type { State } from '../../core/ledger/state.ts'

/** The state as a handler sees it, with every workload's `claimedBy` hidden. */
function forgetClaims(state: State): State {
  const view = Object.create(state) as State
  view.get = (async (key: string) => {
    const value = await state.get(key as never)
    if (!key.startsWith('workload/') || value === undefined) return value
    const { claimedBy: _claimedBy, ...rest } = value as Record<string, unknown>
    return rest
  }) as State['get']
  return view
}

export const BROKEN = {
  /** coupon.claim forgets that a workload was claimed: its coupons can be claimed again. */
  'double-claim': () => {
    const original = handlers['coupon.claim']
    const broken: Handler<'coupon.claim'> = { ...original, apply: (ctx: Context<'coupon.claim'>) => original.apply({ ...ctx, state: forgetClaims(ctx.state) }) }
    ;(handlers as Record<string, Handler<any>>)['coupon.claim'] = broken
    return () => {
      ;(handlers as Record<string, Handler<any>>)['coupon.claim'] = original
    }
  }
} as const

export type BrokenRule = keyof typeof BROKEN

/** Breaks `rule` until the returned function is called. */
export function breakRule(rule: BrokenRule): () => void {
  const make = BROKEN[rule]
  if (!make) throw new Error(`no such broken rule: ${rule} (known: ${Object.keys(BROKEN).join(', ')})`)
  return make()
}
