// Two offices with no network between them converge by carrying a folder (a USB stick): real
// disks, no swarm, no DHT.
import { readdir, readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { NetworkBase } from '../../core/network/base.ts'
import { type FolderSyncProgress, syncFolder } from '../../core/network/folder-sync.ts'
import { tempDirs } from './helpers.ts'
import { addWriter, put, toyApply } from './toy-ledger.ts'

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
        applyEntry: toyApply,
        create: true
      })
      const b = await NetworkBase.open({
        dir: await dirs.make('office-b'),
        applyEntry: toyApply,
        join: { key: a.config.key, encryptionKey: a.config.encryptionKey }
      })
      bases.push(a, b)
      const stick = await dirs.make('usb-stick')

      await a.append([addWriter(b.writerKey), put('a-1', 'secret-marker-from-a')])
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
      expect(await reader(b).get('data/a-1')).toBe('secret-marker-from-a')
      await b.append(put('b-1', 'from b'))
      await syncFolder(b, stick)

      // Meanwhile office A wrote too; the stick comes back.
      await a.append(put('a-2', 'from a, later'))
      await syncFolder(a, stick)
      expect(await reader(a).get('data/b-1')).toBe('from b')
      await syncFolder(b, stick)
      expect(await reader(b).get('data/a-2')).toBe('from a, later')

      expect(await reader(a).get('seq')).toBe(4)
      expect(await reader(b).get('seq')).toBe(4)
      expect(await reader(a).get('digest')).toBe(await reader(b).get('digest'))

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
