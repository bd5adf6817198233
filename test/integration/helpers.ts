// Shared helpers for the integration tests: real temp dirs, bounded polling, piped bases.
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { NetworkBase } from '../../core/network/base.ts'

/** A fresh directory under the OS temp dir; `cleanup()` removes every one made. */
export function tempDirs(): { make(name?: string): Promise<string>; cleanup(): Promise<void> } {
  const made: string[] = []
  return {
    async make(name = 'stachanov') {
      const dir = await mkdtemp(join(tmpdir(), `${name}-`))
      made.push(dir)
      return dir
    },
    async cleanup() {
      for (const dir of made.splice(0)) await rm(dir, { recursive: true, force: true })
    }
  }
}

/** Polls `check` until it returns a truthy value or `timeoutMs` passes (then throws). */
export async function waitFor<T>(
  what: string,
  check: () => T | Promise<T>,
  { timeoutMs = 20_000, intervalMs = 50 } = {}
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  let last: unknown
  for (;;) {
    try {
      const value = await check()
      if (value) return value as NonNullable<T>
    } catch (err) {
      last = err
    }
    if (Date.now() > deadline) {
      throw new Error(
        `timed out after ${timeoutMs} ms waiting for ${what}` + (last ? `: ${last}` : '')
      )
    }
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}

export async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = []
  for await (const item of iterable) out.push(item)
  return out
}

/** A UDP port that was free a moment ago (the DHT bootstrapper needs a fixed port). */
export async function freeUdpPort(): Promise<number> {
  const { createSocket } = await import('node:dgram')
  const socket = createSocket('udp4')
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve))
  const { port } = socket.address()
  await new Promise<void>((resolve) => socket.close(() => resolve()))
  return port
}

/** Replicates two bases over an in-process pipe; the returned function cuts it. */
export function connect(a: NetworkBase, b: NetworkBase): () => void {
  const s1 = a.replicate(true)
  const s2 = b.replicate(false)
  s1.pipe(s2).pipe(s1)
  // A cut stream errors on both ends; that is the point of cutting it.
  s1.on('error', () => {})
  s2.on('error', () => {})
  return () => {
    s1.destroy()
    s2.destroy()
  }
}
