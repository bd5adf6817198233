// Small JSON files kept beside the node's keys, owner-only:
//   settings.json  network settings (bootstrap nodes, direct peers), read when the node starts;
//   people.json    the office's address book: names for wallet keys. Names are personal
//                  data: they stay on this device and never enter the ledger.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { writeSecretJson } from '../../core/network/keys.ts'
import { NodeError } from '../../core/node/errors.ts'

export const SETTINGS_FILE = 'settings.json'
export const PEOPLE_FILE = 'people.json'

export interface JsonFile {
  /** Where the file is, for messages that name it. */
  readonly path: string
  read(): Promise<Record<string, unknown>>
  /** Reads, changes and writes the file, one change at a time; resolves with what was written. */
  update(
    change: (value: Record<string, unknown>) => Record<string, unknown>
  ): Promise<Record<string, unknown>>
}

/**
 * A small JSON file, written whole (temp file, fsync, rename) so that a crash leaves the old
 * version or the new one, never half of one. Changes queue behind each other, so two saves
 * at once cannot undo one another.
 */
export function jsonFile(dir: string, name: string): JsonFile {
  const path = join(dir, name)
  let queue: Promise<unknown> = Promise.resolve()
  const read = async (): Promise<Record<string, unknown>> => {
    let text: string
    try {
      text = await readFile(path, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {}
      throw error
    }
    let value: unknown
    try {
      value = JSON.parse(text)
    } catch {
      throw new NodeError('BAD_SETTINGS', `${path} is not valid JSON: fix or remove it`)
    }
    // Anything but an object ({}) would make every later read of a setting fail.
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      const what = value === null ? 'null' : Array.isArray(value) ? 'a list' : `the ${typeof value} ${JSON.stringify(value).slice(0, 40)}`
      throw new NodeError('BAD_SETTINGS', `${path} holds ${what}, not a JSON object ({ … }): fix or remove it`)
    }
    return value as Record<string, unknown>
  }
  return {
    path,
    read,
    update(change) {
      const next = queue.then(async () => {
        const value = change(await read())
        await writeSecretJson(path, value)
        return value
      })
      queue = next.catch(() => {})
      return next
    }
  }
}

export const settingsStore = (dir: string) => jsonFile(dir, SETTINGS_FILE)
export const peopleStore = (dir: string) => jsonFile(dir, PEOPLE_FILE)
