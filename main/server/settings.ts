// Network settings kept beside the node's keys: bootstrap nodes and direct peers, read when
// the node starts. Plain JSON, owner-only.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const SETTINGS_FILE = 'settings.json'

export function settingsStore(dir: string) {
  const path = join(dir, SETTINGS_FILE)
  return {
    async read(): Promise<Record<string, unknown>> {
      try {
        return JSON.parse(await readFile(path, 'utf8'))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
        throw error
      }
    },
    async write(value: Record<string, unknown>): Promise<void> {
      await writeFile(path, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 })
    }
  }
}
