// Time as this process lived it, for the simulator's bounds (a step, a settle, a check). A
// tick counts 10 ms each time the event loop gets to run its timers; a late timer does not
// catch up. On a free machine this is about wall time; in a process starved of CPU (a niced
// soak on a loaded machine) it runs as slowly as the process does, so a bound fails a node
// that makes no progress, not a machine that is busy elsewhere.
const TICK_MS = 10
let ticks = 0
let timer: NodeJS.Timeout | null = null
let users = 0

/** Starts the count (it also keeps the process alive: in-process links hold no handle). */
export function startLived(): void {
  if (users++ === 0) timer = setInterval(() => ticks++, TICK_MS)
}

export function stopLived(): void {
  if (--users === 0 && timer) {
    clearInterval(timer)
    timer = null
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
