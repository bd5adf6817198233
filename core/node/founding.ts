// Founding a network takes several writes that no file system makes atomic together: the
// identity key, the device key, the network config, the Corestore, and the collective's
// registration in the log. A kill between them used to leave a node that had a network but
// no collective in it, and refused to be set up again (ALREADY_SET_UP).
//
// So founding is journalled: `founding.json` (what was asked: the name and roles) is written
// before anything else, and removed only once the registration is durably in this device's
// writer core. A node that opens with the file present finishes the founding (it appends the
// registration if its writer core holds none yet) or, when not even the identity was saved,
// forgets it: either way it ends fully set up or as new as before.
import { rm } from 'node:fs/promises'
import { join } from 'node:path'
import { readSecretJson, writeSecretJson } from '../network/keys.ts'
import { NodeError } from './errors.ts'
import type { Role } from './collective-node.ts'

export const FOUNDING_FILE = 'founding.json'

export interface Founding {
  name: string
  roles: Role[]
}

export async function beginFounding(dir: string, founding: Founding): Promise<void> {
  await writeSecretJson(join(dir, FOUNDING_FILE), { version: 1, ...founding })
}

/** The founding under way in `dir`, if a kill interrupted one. */
export async function readFounding(dir: string): Promise<Founding | null> {
  const path = join(dir, FOUNDING_FILE)
  const stored = (await readSecretJson(path)) as Partial<Founding> | null
  if (stored === null) return null
  const roles = Array.isArray(stored.roles) ? stored.roles : null
  if (typeof stored.name !== 'string' || !roles?.every((r) => r === 'producer' || r === 'dispatcher')) {
    throw new NodeError('BAD_KEY_FILE', `${path} does not describe a founding (a name and roles): remove it and set the collective up again`)
  }
  return { name: stored.name, roles }
}

export async function endFounding(dir: string): Promise<void> {
  await rm(join(dir, FOUNDING_FILE), { force: true })
}

/**
 * Tests kill a node at named steps of a multi-step write (test/integration/founding-crash.test.ts):
 * with STACHANOV_CRASH_AT=<step> the process ends here as abruptly as a power cut would.
 */
export function crashPoint(step: string): void {
  if (process.env.STACHANOV_CRASH_AT === step) process.kill(process.pid, 'SIGKILL')
}
