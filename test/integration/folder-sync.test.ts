// Two offices with no network between them converge by carrying a folder (a USB stick): real
// disks, no swarm, no DHT.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { NetworkBase } from '../../core/network/base.ts'
import { type FolderSyncProgress, syncFolder } from '../../core/network/folder-sync.ts'
import { tempDirs } from './helpers.ts'
import { TestCollective, converged, ledgerApply } from './ledger-helpers.ts'

const dirs = tempDirs()
const bases: NetworkBase[] = []

afterAll(async () => {
  for (const base of bases) await base.close().catch(() => {})
  await dirs.cleanup()
})

const reader = (base: NetworkBase) => base.reader()

async function filesUnder(dir: string): Promise<string[]> {
  const out: string[] = []
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) out.push(join(entry.parentPath, entry.name))
  }
  return out
}

describe('folder sync', () => {
  it(
    'carries entries both ways between two offices that never connect',
    { timeout: 60_000 },
    async () => {
      const a = await NetworkBase.open({
        dir: await dirs.make('office-a'),
        applyEntry: ledgerApply,
        create: true
      })
      const b = await NetworkBase.open({
        dir: await dirs.make('office-b'),
        applyEntry: ledgerApply,
        join: { key: a.config.key, encryptionKey: a.config.encryptionKey }
      })
      bases.push(a, b)
      const bakery = new TestCollective('Bakery')
      const farm = new TestCollective('Farm')
      const stick = await dirs.make('usb-stick')

      // Office A founds the network and lets the farm join (its payload came on paper, say).
      await a.append(bakery.register(a.writerKey))
      await a.append(bakery.acceptJoin(farm.joinPayload(bakery, b.writerKey)))
      await a.append(bakery.define('secret-marker-from-a'))
      const progress: FolderSyncProgress[] = []
      const first = await syncFolder(a, stick, { onprogress: (p) => progress.push(p) })
      expect(first.blocksOut).toBeGreaterThan(0)
      expect(first.blocksIn).toBe(0)
      expect(first.failed).toEqual([])
      expect(progress.at(-1)!.done).toBe(progress.at(-1)!.total)

      // Office B picks up the stick: it learns it is a writer and writes.
      const second = await syncFolder(b, stick)
      expect(second.blocksIn).toBeGreaterThan(0)
      expect(b.writable).toBe(true)
      expect(await reader(b).get('productName/bakery secret-marker-from-a')).toBeTruthy()
      await b.append(farm.define('from b'))
      await syncFolder(b, stick)

      // Meanwhile office A wrote too; the stick comes back.
      await a.append(bakery.define('from a, later'))
      await syncFolder(a, stick)
      expect(await reader(a).get('productName/farm from b')).toBeTruthy()
      await syncFolder(b, stick)
      expect(await reader(b).get('productName/bakery from a, later')).toBeTruthy()
      expect(await converged([a, b], 6)).toBe(true)

      // The stick holds ciphertext: the entries' text appears in none of its files.
      for (const file of await filesUnder(stick)) {
        expect((await readFile(file)).includes('secret-marker-from-a')).toBe(false)
      }
      // A second pass with nothing new moves nothing.
      const idle = await syncFolder(a, stick)
      expect(idle.blocksIn + idle.blocksOut).toBe(0)
    }
  )
})
