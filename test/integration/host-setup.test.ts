// One host setup for the desktop app and the headless server (main/host/setup.ts): a direct
// peer saved in the interface's network settings is dialled by a node set up that way. Two
// nodes on disk: one listens, the other's saved settings name it as a direct peer; after the
// second joins the first's network they are connected (this failed in the desktop app, whose
// setup ignored saved direct peers).
import { afterEach, describe, expect, it } from 'vitest'
import { setUpHost, type HostSetup } from '../../main/host/setup.ts'
import { SCENARIOS_DIR } from '../../main/server/host.ts'
import { tempDirs, waitFor } from './helpers.ts'

const dirs = tempDirs()
const setups: HostSetup[] = []
afterEach(async () => {
  for (const setup of setups.splice(0).reverse()) await setup.node.close().catch(() => {})
  await dirs.cleanup()
})

describe('the shared host setup', () => {
  it('dials the direct peers saved in the settings', { timeout: 90_000 }, async () => {
    const office = await setUpHost({
      dataDir: await dirs.make('office'),
      scenariosDir: SCENARIOS_DIR,
      swarm: false,
      direct: { listen: { port: 0, host: '127.0.0.1' } }
    })
    setups.push(office)
    await office.host.node.create({ name: 'Bakery', roles: ['producer', 'dispatcher'] })
    const { port } = office.node.direct!.address()!

    // The second office saved the first's address in Settings → Network, then started.
    const dir = await dirs.make('branch')
    const { settingsStore } = await import('../../main/server/settings.ts')
    await settingsStore(dir).update(() => ({ directPeers: [`127.0.0.1:${port}`] }))
    const branch = await setUpHost({ dataDir: dir, scenariosDir: SCENARIOS_DIR, swarm: false })
    setups.push(branch)

    const request = await branch.node.prepareJoin({
      config: office.node.joinConfig(),
      memberId: office.node.requireIdentity().id,
      name: 'Mill',
      roles: ['producer']
    })
    await office.node.admit(request)
    await branch.node.requireBase().waitForWritable(60_000)
    await waitFor(
      'the saved direct peer connected',
      () => branch.node.peerCount() > 0 && office.node.peerCount() > 0,
      { timeoutMs: 30_000 }
    )
    expect(branch.node.direct).not.toBeNull()
    expect((await branch.node.status()).state).toBe('ready')
  })
})
