// The council live on loopback (real nodes, real disks, a testnet DHT): for councils of 3, 7
// and 15 collectives (threshold a majority), the DKG's wall time from the election to the key
// in the view, and a checkpoint's latency from "due" (the view fixed it) to the aggregate in
// the view. Wall seconds: every node runs in this one process on a shared machine, so these
// are upper bounds. BENCH_COUNCIL_SIZES overrides the sizes (e.g. "3,7").
//
//   node --import tsx test/bench/council.ts     (npm run bench runs it last)
import os from 'node:os'
import { pathToFileURL } from 'node:url'
import { CouncilNetwork } from '../integration/fixtures/council-network.ts'

const names = (n: number) => Array.from({ length: n }, (_, i) => `C${String(i + 1).padStart(2, '0')}`)

async function poll(check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('timed out')
    await new Promise((resolve) => setTimeout(resolve, 50))
  }
}

async function measure(n: number): Promise<{ setup: number; dkg: number; signed: number }> {
  const started = Date.now()
  const net = await CouncilNetwork.start(names(n))
  try {
    const setup = (Date.now() - started) / 1000
    const all = names(n)
    const watcher = net.node(all[0]!)
    const proposal = await net.submit(all[0]!, 'proposal.create', {
      kind: 'council',
      payload: { members: all.map((m) => net.id(m)), threshold: String(Math.floor(n / 2) + 1) },
      closesAt: Date.now() + 86_400_000
    })
    for (const voter of all.slice(0, Math.floor(n / 2) + 1)) {
      await net.seen(voter, proposal)
      await net.submit(voter, 'vote.cast', { proposal, choice: 'yes' })
    }
    await poll(async () => (await watcher.store().get('council/current')) !== undefined, 600_000)
    const elected = Date.now()
    await poll(async () => (await watcher.store().get('council/signing')) !== undefined, 600_000)
    const dkg = (Date.now() - elected) / 1000
    const revision = await net.submit(all[1]!, 'revision.final', { period: '2020-01' })
    const seq = (await net.node(all[1]!).outcome(revision)).seq
    await poll(async () => (await watcher.store().get('council/due')) !== undefined || (await watcher.store().get('council/latest')) !== undefined, 600_000)
    const dueAt = Date.now()
    const key = 'council/checkpoint/' + String(seq + 1).padStart(12, '0')
    await poll(async () => (await watcher.store().get(key)) !== undefined, 600_000)
    return { setup, dkg, signed: (Date.now() - dueAt) / 1000 }
  } finally {
    await net.close()
  }
}

export async function runCouncilBench(): Promise<void> {
  const sizes = (process.env.BENCH_COUNCIL_SIZES ?? '3,7,15').split(',').map(Number)
  console.log(`\nThe council on loopback (wall s; Node ${process.version}, load ${os.loadavg().map((x) => x.toFixed(1)).join(' ')})`)
  console.log('| council | network setup | DKG: election → key in the view | checkpoint: due → aggregate in the view |')
  console.log('|-|-:|-:|-:|')
  for (const n of sizes) {
    const r = await measure(n)
    console.log(`| ${Math.floor(n / 2) + 1}-of-${n} | ${r.setup.toFixed(1)} | ${r.dkg.toFixed(1)} | ${r.signed.toFixed(1)} |`)
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await runCouncilBench()
