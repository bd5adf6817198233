// Plausibility bounds of the protocol (docs/protocol.md §2.5). A form once accepted an oven
// that lasts 10^23 years and an order of 10^20 loaves: well-formed numbers no economy has,
// which then stay in the ledger (a product type can only be retired while unused) and turn
// every figure that divides by them into nothing. No dependencies: the interface's forms
// check the same bounds before sending.

/** The most units of a product one quantity may name: 10^15 (a billion tonnes in grams). */
export const MAX_QUANTITY = 10n ** 15n

/** The longest durability, in minutes: 100 years of 366 days (52,704,000 minutes). */
export const MAX_DURABILITY_MINUTES = 100n * 366n * 24n * 60n
