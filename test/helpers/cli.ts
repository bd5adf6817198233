// The `stachanov` command as its users run it: a real child process of this Node, with its
// exit status and both outputs. Shared by the tests that drive the command line.
import { execFile, spawn, type ChildProcess } from 'node:child_process'
import { promisify } from 'node:util'

export const stachanovBin = new URL('../../bin/stachanov.js', import.meta.url).pathname
const execute = promisify(execFile)

export interface CliResult {
  code: number
  stdout: string
  stderr: string
}

export interface CliOptions {
  env?: Record<string, string>
  timeoutMs?: number
}

/** Runs one command to its end and returns its exit status and outputs, whatever the status. */
export async function runStachanov(args: string[], { env, timeoutMs = 120_000 }: CliOptions = {}): Promise<CliResult> {
  try {
    const { stdout, stderr } = await execute(process.execPath, [stachanovBin, ...args], {
      timeout: timeoutMs,
      maxBuffer: 64 * 1024 * 1024,
      env: env ? { ...process.env, ...env } : process.env
    })
    return { code: 0, stdout, stderr }
  } catch (error) {
    const failed = error as { code?: number | string; stdout?: string; stderr?: string }
    // A timeout or a missing Node leaves no numeric status: report it as a failure all the same.
    const code = typeof failed.code === 'number' ? failed.code : -1
    return { code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? String(error) }
  }
}

/** Long-running commands (`serve`, `bootstrap`) started by a test and stopped with it. */
export function stachanovProcesses(): {
  start(args: string[], ready: RegExp): Promise<ChildProcess>
  stopAll(): Promise<void>
} {
  const children: ChildProcess[] = []
  return {
    /** Starts a command and resolves once its output matches `ready`; rejects if it exits first. */
    start(args, ready) {
      const child = spawn(process.execPath, [stachanovBin, ...args], { stdio: ['ignore', 'pipe', 'pipe'] })
      children.push(child)
      return new Promise((resolve, reject) => {
        let output = ''
        child.stdout!.on('data', (chunk: Buffer) => {
          output += chunk.toString()
          if (ready.test(output)) resolve(child)
        })
        child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()))
        child.once('exit', (code) => reject(new Error(`stachanov ${args[0]} exited with ${code}:\n${output}`)))
      })
    },
    /** SIGTERM first so nodes close their stores; SIGKILL whatever is still running after 0.5 s. */
    async stopAll() {
      for (const child of children) child.kill('SIGTERM')
      await new Promise((resolve) => setTimeout(resolve, 500))
      for (const child of children) if (child.exitCode === null) child.kill('SIGKILL')
      children.length = 0
    }
  }
}
