// Small JSON files kept beside the node's keys, owner-only:
//   settings.json  network settings (bootstrap nodes, direct peers), read when the node starts;
//   people.json    the office's address book: names for wallet keys. Names are personal
//                  data: they stay on this device and never enter the ledger.
import { readFile, writeFile } from 'node:fs/promises'
import { join } from 'node:path'

export const SETTINGS_FILE = 'settings.json'
export const PEOPLE_FILE = 'people.json'

export interface JsonFile {
  read(): Promise<Record<string, unknown>>
  write(value: Record<string, unknown>): Promise<void>
}

export function jsonFile(dir: string, name: string): JsonFile {
  const path = join(dir, name)
  return {
    async read() {
      try {
        return JSON.parse(await readFile(path, 'utf8'))
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
        throw error
      }
    },
    async write(value) {
      await writeFile(path, JSON.stringify(value, null, 2) + '\n', { mode: 0o600 })
    }
  }
}

export const settingsStore = (dir: string) => jsonFile(dir, SETTINGS_FILE)
export const peopleStore = (dir: string) => jsonFile(dir, PEOPLE_FILE)
