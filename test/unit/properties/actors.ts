// The actors and the calendar of the random histories: the collectives and wallets that take
// part (with the keys that sign for them) and the months the steps fall in.
import type { KeyPair } from '../../../core/protocol/crypto.ts'
import { collectiveActor, walletActor } from '../../../core/scenario/actors.ts'

/** C0…C5 take part; C6 is an outsider that is never registered (unknown device, wrong signer). */
export const COLLECTIVES = Array.from({ length: 7 }, (_, i) => collectiveActor(`prop-C${i}`))
export const WALLETS = Array.from({ length: 5 }, (_, i) => walletActor(`prop-W${i}`))
export const OUTSIDER = COLLECTIVES[6]!
/** Spare devices to bind to collectives later. */
export const SPARE_DEVICES = Array.from({ length: 4 }, (_, i) => collectiveActor(`prop-D${i}`).deviceKey)
export const KEYS = new Map<string, KeyPair>()
for (const c of COLLECTIVES) KEYS.set(c.id, c.identity)
for (const w of WALLETS) KEYS.set(w.key, w.keyPair)

export const APRIL = Date.UTC(2026, 3, 1, 8)
export const MAY = Date.UTC(2026, 4, 1)
export const JUNE = Date.UTC(2026, 5, 1)
export const DAY = 86_400_000
export const MINUTE = 60_000
/** Steps are spread over April 1 to about June 14: two months of work and their revisions. */
export const SPAN = 74 * DAY
