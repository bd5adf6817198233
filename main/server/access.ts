// How the interface is reached across restarts (`access.json`, owner-only, beside the node's
// keys): the port last served on and the access token. A restart serves on the same address
// with the same token, so a bookmarked page keeps working; a new token is made only when asked
// for (`stachanov serve --new-token`), and a change of either is said when the server starts.
// Left out of backups: a restored machine makes its own.
import { randomBytes } from 'node:crypto'
import { join } from 'node:path'
import { readSecretJson, writeSecretJson } from '../../core/network/keys.ts'

export const ACCESS_FILE = 'access.json'

export interface Access {
  port: number | null
  token: string
}

const TOKEN = /^[0-9a-f]{48}$/
export const newToken = () => randomBytes(24).toString('hex')

/** What the last start used; a missing or unreadable file is a first start. */
export async function readAccess(dir: string): Promise<Partial<Access>> {
  const saved = (await readSecretJson(join(dir, ACCESS_FILE)).catch(
    () => null
  )) as Partial<Access> | null
  return {
    ...(typeof saved?.token === 'string' && TOKEN.test(saved.token) ? { token: saved.token } : {}),
    ...(Number.isInteger(saved?.port) && saved!.port! > 0 && saved!.port! < 65536
      ? { port: saved!.port! }
      : {})
  }
}

export async function writeAccess(dir: string, access: Access): Promise<void> {
  await writeSecretJson(join(dir, ACCESS_FILE), { version: 1, ...access })
}
