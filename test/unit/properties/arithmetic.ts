// Independent arithmetic (not imported from core/economics: the oracle must not share code).

export function periodOfMs(ms: number): string {
  const d = new Date(ms)
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`
}

export function nextPeriodOf(period: string): string {
  const [y, m] = period.split('-').map(Number) as [number, number]
  return m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`
}

export function periodEndMs(period: string): number {
  const [y, m] = nextPeriodOf(period).split('-').map(Number) as [number, number]
  return Date.UTC(y, m - 1, 1)
}

export const min = (a: bigint, b: bigint) => (a < b ? a : b)

/** Hamilton's method, written independently: shares of `total` by `weights`. */
export function splitByWeights(total: bigint, weights: bigint[]): bigint[] {
  const sum = weights.reduce((s, w) => s + w, 0n)
  const shares = weights.map((w) => (total * w) / sum)
  let left = total - shares.reduce((s, x) => s + x, 0n)
  const order = weights.map((_, i) => i).sort((i, j) => {
    const ri = (total * weights[i]!) % sum
    const rj = (total * weights[j]!) % sum
    return ri === rj ? i - j : ri > rj ? -1 : 1
  })
  for (const i of order) {
    if (left === 0n) break
    shares[i]! += 1n
    left--
  }
  return shares
}
