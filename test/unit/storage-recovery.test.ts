// The retries after a storage fault go on while the disk stays full: a retry that finds too
// little space must not keep later ones from running (found by the simulator's full disks).
import { describe, expect, it } from 'vitest'
import { StorageRecovery } from '../../core/node/storage-fault.ts'

describe('StorageRecovery', () => {
  it('keeps retrying while the disk is full and reopens once it has room', async () => {
    let free = 0
    let reopened = 0
    const changes: Array<string | null> = []
    const recovery = new StorageRecovery({
      dir: 'data',
      retryMs: 1_000_000,
      freeBytes: () => free,
      reopen: async () => {
        reopened++
      },
      onchange: (fault) => changes.push(fault?.code ?? null)
    })
    expect(
      recovery.report(
        Object.assign(new Error('IO error: No space left on device'), { code: 'ENOSPC' })
      )?.code
    ).toBe('DISK_FULL')
    await recovery.retry()
    await recovery.retry()
    expect(reopened).toBe(0)
    // Writes are refused; reads go on while the base stays open, and wait once it closed.
    expect(() => recovery.checkWrite()).toThrow(/is full/)
    expect(() => recovery.check()).not.toThrow()
    recovery.report(new Error('Autobase is closing'), true)
    expect(() => recovery.check()).toThrow(/is full.*cannot read its data either/)
    free = 1024 ** 3
    await recovery.retry()
    expect(reopened).toBe(1)
    expect(() => recovery.check()).not.toThrow()
    expect(() => recovery.checkWrite()).not.toThrow()
    expect(changes).toEqual(['DISK_FULL', null])
    await recovery.stop()
  })
})
