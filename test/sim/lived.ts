// Time as this process lived it, for the simulator's bounds (a step, a settle, a check). A
// tick counts 10 ms each time the event loop gets to run its timers; a late timer does not
// catch up. On a free machine this is about wall time; in a process starved of CPU (a niced
// soak on a loaded machine) it runs as slowly as the process does, so a bound fails a node
// that makes no progress, not a machine that is busy elsewhere.
//
// A process whose timers never run at all (a promise loop that never waits for I/O: seed 376
// --fork, in Autobase's append) would stand still here for ever, and with it every bound. A
// watchdog thread sees the count stop: after STARVED_MS of wall time without a tick it says so
// on stderr and kills the process, so the run fails (a job's parent counts it) instead of
// hanging.
import { writeSync } from 'node:fs'
import { Worker } from 'node:worker_threads'

const TICK_MS = 10
let ticks = 0
let timer: NodeJS.Timeout | null = null
let users = 0
let watchdog: Worker | null = null
/** The tick count, shared with the watchdog thread. */
const shared = new Int32Array(new SharedArrayBuffer(4))

/** Wall milliseconds without one tick after which the watchdog kills the process. */
const STARVED_MS = Number(process.env.SIM_STARVED_MS ?? 300_000)

const WATCHDOG = `
const { workerData } = require('node:worker_threads')
const { writeSync } = require('node:fs')
const { shared, starvedMs } = workerData
let seen = Atomics.load(shared, 0)
let since = Date.now()
setInterval(() => {
  const now = Atomics.load(shared, 0)
  if (now !== seen) { seen = now; since = Date.now(); return }
  if (Date.now() - since < starvedMs) return
  writeSync(2, 'simulator: no timer has run for ' + Math.round((Date.now() - since) / 1000) + ' s (a loop that never yields holds the process): killed\\n')
  process.kill(process.pid, 'SIGKILL')
}, Math.min(5000, starvedMs))
`

/** Starts the count (it also keeps the process alive: in-process links hold no handle). */
export function startLived(): void {
  if (users++ > 0) return
  timer = setInterval(() => Atomics.store(shared, 0, ++ticks), TICK_MS)
  watchdog = new Worker(WATCHDOG, { eval: true, workerData: { shared, starvedMs: STARVED_MS } })
  watchdog.on('error', (error) => writeSync(2, `simulator: the watchdog failed: ${error.message}\n`))
  watchdog.unref()
}

export function stopLived(): void {
  if (--users === 0 && timer) {
    clearInterval(timer)
    timer = null
    void watchdog?.terminate()
    watchdog = null
  }
}

/** Milliseconds lived since the count started. */
export function lived(): number {
  return ticks * TICK_MS
}

/** Resolves after `ms` lived milliseconds (or never sooner than `ms` of wall time). */
export function afterLived(ms: number): { promise: Promise<void>; cancel: () => void } {
  const until = lived() + ms
  let poll: NodeJS.Timeout | undefined
  const promise = new Promise<void>((resolve) => {
    const check = () => {
      if (lived() >= until) resolve()
      else poll = setTimeout(check, Math.max(TICK_MS, until - lived()))
    }
    poll = setTimeout(check, ms)
  })
  return { promise, cancel: () => clearTimeout(poll) }
}
