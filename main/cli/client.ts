// The command line's way to a running node: the server.json the node wrote in its data dir,
// then one POST per call.
import { readFile } from 'node:fs/promises'
import { join } from 'node:path'
import { SERVER_FILE } from '../server/host.ts'
import WebSocket from 'ws'
import { cliArgumentMessage } from './argument-words.ts'
import { CliError } from './errors.ts'

/** The node's refusal of a call as the command line says it. */
function failure(method: string, error: { code: string; message: string }): CliError {
  // A mistake in what was typed: named in the command's words, no code to look up.
  if (error.code === 'INVALID_ARGUMENTS') return new CliError(cliArgumentMessage(method, error.message))
  return new CliError(`${error.message} (${error.code})`)
}

export interface Connection {
  url: string
  token: string
}

export async function connect(dataDir: string): Promise<Connection> {
  try {
    const { url, token } = JSON.parse(await readFile(join(dataDir, SERVER_FILE), 'utf8'))
    return { url, token }
  } catch {
    throw new CliError(`no node is running for ${dataDir}: start one with \`stachanov serve --data ${dataDir}\``)
  }
}

export async function call(connection: Connection, method: string, args: unknown = {}): Promise<any> {
  let response: Response
  try {
    response = await fetch(new URL(`api/${method}`, connection.url), {
      method: 'POST',
      headers: { authorization: `Bearer ${connection.token}`, 'content-type': 'application/json' },
      body: JSON.stringify(args)
    })
  } catch {
    throw new CliError(`the node at ${connection.url} does not answer: is it still running?`)
  }
  const answer = (await response.json()) as { result?: unknown; error?: { code: string; message: string } }
  if (answer.error) throw failure(method, answer.error)
  return answer.result
}

/**
 * One call over the WebSocket, for long operations: `onprogress` sees the node's progress
 * events while the call runs.
 */
export async function callWithProgress(
  connection: Connection,
  method: string,
  args: unknown,
  onprogress: (progress: { task: string; done: number; total: number }) => void
): Promise<any> {
  const url = connection.url.replace(/^http/, 'ws') + `api?token=${connection.token}`
  const socket = new WebSocket(url)
  return new Promise((resolve, reject) => {
    socket.once('error', () => reject(new CliError(`the node at ${connection.url} does not answer: is it still running?`)))
    socket.once('open', () => socket.send(JSON.stringify({ id: 1, method, args })))
    socket.on('message', (data) => {
      const message = JSON.parse(String(data))
      if (message.event === 'progress') onprogress(message.data)
      if (message.id !== 1) return
      socket.close()
      if (message.error) reject(failure(method, message.error))
      else resolve(message.result)
    })
  })
}
