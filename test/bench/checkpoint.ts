// The checkpoint council's crypto, timed (core/checkpoint/; no Autobase, no disk):
//
// (a) DKG for councils of 3, 7 and 15 (threshold a majority): each member's round 1, its
//     round 2 (noble checks the others' proofs; every share sealed to its recipient), the
//     opening of its boxes and round 3; and what `apply` does on the way (every round-1
//     package's proof checked, the council's key computed from them). Printed: all members'
//     work summed, the slowest member's (the wall time of a DKG whose members work in
//     parallel, plus the log's latency), and apply's.
// (b) A 7-of-10 signing round over a checkpoint message: 7 nonce commitments, 7 signature
//     shares, apply's check of every share as it arrives, the aggregation, and the one
//     Ed25519 verification a reader makes (sodium-native).
//
// Times are CPU seconds of this process (wall time would measure the neighbours on a shared
// machine too). BENCH_DKG_SIZES overrides the council sizes (e.g. "3,7").
//
//   node --import tsx test/bench/checkpoint.ts     (alone; npm run bench runs it too)
import os from 'node:os'
import { pathToFileURL } from 'node:url'
import { formatCheckpoint } from '../../core/checkpoint/checkpoint.ts'
import {
  aggregate,
  commit,
  dkgFinish,
  dkgRound1,
  dkgRound2,
  groupKeyOf,
  signShare,
  verifyShare,
  verifySignature,
  type KeyShare,
  type Round2Share
} from '../../core/checkpoint/frost.ts'
import { forgetCheckedPoints } from '../../core/checkpoint/point-check.ts'
import { checkRound1, councilKeyOf } from '../../core/checkpoint/public.ts'
import { openShare, sealShare, type DkgContext } from '../../core/checkpoint/seal.ts'
import { keyPairFromSeed } from '../../core/protocol/crypto.ts'

/**
 * CPU seconds spent in `fn`, and its result. Each timed step starts as a node of its own
 * would: without the points another member's step has already checked (point-check.ts).
 */
function cpu<T>(fn: () => T, fresh = true): [number, T] {
  if (fresh) forgetCheckedPoints()
  const start = process.cpuUsage()
  const value = fn()
  const used = process.cpuUsage(start)
  return [(used.user + used.system) / 1e6, value]
}

function table(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) =>
    '| ' +
    cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ') +
    ' |'
  return [
    line(head),
    '|' +
      widths
        .map((w, i) => (i === 0 ? '-' : '') + '-'.repeat(w + 1) + (i === 0 ? '' : ':'))
        .join('|') +
      '|',
    ...rows.map(line)
  ].join('\n')
}

const context: DkgContext = { network: 'ab'.repeat(32), epoch: 1, attempt: 0 }

/** One DKG of a t-of-n council, every member's steps timed separately. */
function timeDkg(threshold: number, size: number) {
  const identities = Array.from({ length: size }, (_, i) =>
    keyPairFromSeed(Buffer.alloc(32, i + 1))
  )
  const member = new Array<number>(size).fill(0)
  const round1 = identities.map((_, i) => {
    const [s, r] = cpu(() => dkgRound1(i + 1, threshold, size))
    member[i]! += s
    return r
  })
  const packages = round1.map((r) => r.package)
  const [applyRound1, key] = cpu(() => {
    for (const p of packages)
      if (checkRound1(p, threshold, size)) throw new Error('a round-1 package was refused')
    return councilKeyOf(packages, threshold)
  })
  const sealed = round1.map((r, i) => {
    const [s, boxes] = cpu(() =>
      dkgRound2(r.secret, packages).map((share) => ({
        ...share,
        box: sealShare(
          context,
          share.share,
          identities[i]!.publicKey,
          identities[share.to - 1]!.publicKey
        )
      }))
    )
    member[i]! += s
    return boxes
  })
  const keys: KeyShare[] = round1.map((r, i) => {
    const [s, k] = cpu(() => {
      const mine: Round2Share[] = sealed
        .flat()
        .filter((b) => b.to === i + 1)
        .map((b) => {
          const opened = openShare(
            context,
            b.box,
            identities[b.from - 1]!.publicKey,
            identities[i]!
          )
          if (!opened.ok) throw new Error(opened.reason)
          return { from: b.from, to: b.to, share: opened.value }
        })
      return dkgFinish(r.secret, packages, mine)
    })
    member[i]! += s
    return k
  })
  if (keys.some((k) => groupKeyOf(k) !== groupKeyOf(key)))
    throw new Error('the members disagree on the key')
  return {
    summed: member.reduce((a, b) => a + b, 0),
    slowest: Math.max(...member),
    apply: applyRound1,
    keys
  }
}

const message = Buffer.from(
  formatCheckpoint({
    network: 'ab'.repeat(32),
    length: 1_000_000,
    root: '01'.repeat(32),
    epoch: 1,
    digest: '02'.repeat(32),
    view: { length: 3_000_000, hash: '03'.repeat(32) },
    statements: { count: 40, root: '04'.repeat(32) },
    subsystems: Array.from({ length: 5 }, (_, i) => ({
      id: String(i + 1)
        .padStart(2, '0')
        .repeat(32),
      worked: '960000000000',
      outstanding: '12000000',
      period: '2026-03',
      a: '480000000000',
      taxed: '96000000000'
    }))
  })
)

function timeSigning(keys: KeyShare[], set: number[]) {
  const [commitSeconds, made] = cpu(() => set.map((i) => ({ i, ...commit(keys[i - 1]!) })))
  const commitments = made.map((m) => m.commitment)
  let shareSeconds = 0
  const shares = new Map<number, string>()
  for (const m of made) {
    const [s, share] = cpu(() => signShare(keys[m.i - 1]!, m.nonces, commitments, message))
    shareSeconds += s
    shares.set(m.i, share)
  }
  const [verifySeconds, good] = cpu(() =>
    set.every((i) => verifyShare(keys[0]!, commitments, message, i, shares.get(i)!))
  )
  const [aggregateSeconds, signature] = cpu(
    () => aggregate(keys[0]!, commitments, message, shares),
    false
  )
  if (!good || !signature.ok) throw new Error('the signing round failed')
  const [readerSeconds, valid] = cpu(() =>
    verifySignature(groupKeyOf(keys[0]!), message, signature.value)
  )
  if (!valid) throw new Error('the aggregate does not verify')
  return [
    [`${set.length} nonce commitments (members' nodes)`, commitSeconds, set.length],
    [`${set.length} signature shares (members' nodes)`, shareSeconds, set.length],
    [`apply: check of every share as it arrives`, verifySeconds, set.length],
    ['apply: aggregation into one signature', aggregateSeconds, 1],
    ['a reader: one Ed25519 verification (sodium)', readerSeconds, 1]
  ] as Array<[string, number, number]>
}

export async function runCheckpointBench(): Promise<void> {
  console.log(
    `\nCheckpoint council crypto (core/checkpoint over @noble/curves; Node ${process.version}, load ${os
      .loadavg()
      .map((x) => x.toFixed(1))
      .join(' ')})`
  )
  const sizes = (process.env.BENCH_DKG_SIZES ?? '3,7,15').split(',').map(Number)
  const rows: string[][] = []
  for (const n of sizes) {
    const t = Math.floor(n / 2) + 1
    const r = timeDkg(t, n)
    rows.push([`${t}-of-${n}`, r.summed.toFixed(2), r.slowest.toFixed(2), r.apply.toFixed(2)])
  }
  console.log(
    table(['DKG (CPU s)', 'all members summed', 'slowest member', 'apply: proofs + key'], rows)
  )
  const { keys } = timeDkg(7, 10)
  const steps = timeSigning(keys, [1, 2, 4, 5, 7, 8, 10])
  console.log(
    `\n${table(
      ['7-of-10 signing round', 'CPU s', 'ms each'],
      steps.map(([name, s, count]) => [name, s.toFixed(3), ((s * 1000) / count).toFixed(1)])
    )}`
  )
  const total = steps.reduce((sum, [, s]) => sum + s, 0)
  console.log(
    `Whole round: ${total.toFixed(2)} CPU s, of which apply ${(steps[2]![1] + steps[3]![1]).toFixed(2)} s.`
  )
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href)
  await runCheckpointBench()
