// One node of the process-per-node confirmation bench (test/bench/autobase-confirm-procs.ts):
// a bare Autobase 7 with the same view and apply as test/bench/autobase-confirm.ts, its acks
// written by Autobase's timer or by the ack pacer (core/network/ack-pacer.ts), replicating over
// loopback TCP, driven by the parent through Node's IPC channel. It tells the parent on its
// own when a round's value is in its confirmed (signed) view, with its CPU time since the mark.
import Autobase from 'autobase'
import Corestore from 'corestore'
import net from 'node:net'
import { councilOf } from '../../core/network/ack-council.ts'
import { AckPacer } from '../../core/network/ack-pacer.ts'

type Value = { add: string[] } | { r: number }
type Command =
  | { op: 'open'; dir: string; key?: string; mode: string }
  | { op: 'connect'; port: number }
  | { op: 'add'; keys: string[] }
  | { op: 'status' }
  | { op: 'mark' }
  | { op: 'watch'; r: number }
  | { op: 'append'; r: number }
  | { op: 'close' }

let base: any = null
let store: Corestore | null = null
let pacer: AckPacer | null = null
let server: net.Server | null = null
const sockets = new Set<net.Socket>()
let mark = process.cpuUsage()
let watching = -1

const cpuSinceMark = () => {
  const used = process.cpuUsage(mark)
  return (used.user + used.system) / 1e6
}

function replicateOver(socket: net.Socket, initiator: boolean): void {
  const stream = base.replicate(initiator)
  stream.pipe(socket).pipe(stream)
  sockets.add(socket)
  const drop = () => {
    sockets.delete(socket)
    stream.destroy()
    socket.destroy()
  }
  socket.on('error', drop)
  socket.on('close', drop)
  stream.on('error', drop)
}

/** The round whose value is the last block of the confirmed view, or -1. */
async function confirmedRound(): Promise<number> {
  const view = base.view.core
  if (view.signedLength < 1) return -1
  const last = (await view.get(view.signedLength - 1)) as { r?: number } | null
  return last?.r ?? -1
}

/** Reports the watched round once it is confirmed here (polled every 10 ms, like the in-process bench). */
async function watch(): Promise<void> {
  while (base && !base.closing) {
    if (watching >= 0 && (await confirmedRound()) >= watching) {
      process.send!({ confirmed: watching, at: Date.now(), cpu: cpuSinceMark() })
      watching = -1
    }
    await new Promise((resolve) => setTimeout(resolve, 10))
  }
}

async function handle(command: Command): Promise<Record<string, unknown>> {
  switch (command.op) {
    case 'open': {
      const ackInterval = /^timer/.test(command.mode) ? Number(command.mode.slice(5)) : 200
      const stagger = command.mode.startsWith('stagger')
      const quietMs = Number(command.mode.replace(/^\D+/, ''))
      store = new Corestore(command.dir)
      base = new (Autobase as any)(store.session(), command.key ? Buffer.from(command.key, 'hex') : null, {
        valueEncoding: 'json',
        ackInterval,
        open: (s: any) => ({ core: s.get('view', { valueEncoding: 'json' }) }),
        apply: async (nodes: Array<{ value: Value | null }>, view: any, host: any) => {
          for (const node of nodes) {
            if (node.value === null) continue
            if ('add' in node.value)
              for (const key of node.value.add) await host.addWriter(Buffer.from(key, 'hex'), { indexer: true })
            else await view.core.append(node.value)
          }
        }
      })
      await base.ready()
      if (!command.mode.startsWith('timer')) {
        const council = councilOf(base)
        if (!council) throw new Error('the pacer cannot read this Autobase')
        const p = new AckPacer(council, { quietMs, stagger })
        const ack = base.ack.bind(base)
        base.ack = (background?: boolean) => (background && p.engaged ? Promise.resolve() : ack(background))
        p.start()
        pacer = p
      }
      server = net.createServer((socket) => replicateOver(socket, false))
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
      void watch()
      return { port: (server.address() as net.AddressInfo).port, local: base.local.key.toString('hex'), key: base.key.toString('hex') }
    }
    case 'connect': {
      const socket = net.connect(command.port, '127.0.0.1')
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
      replicateOver(socket, true)
      return {}
    }
    case 'add':
      await base.append({ add: command.keys })
      return {}
    case 'status':
      await base.update()
      return {
        writable: base.writable,
        indexers: base.linearizer?.indexers?.length ?? 0,
        settled: base.view.core.signedLength === base.view.core.length,
        writes: base.local.length,
        cpu: cpuSinceMark(),
        kinds: pacer?.kinds ?? null
      }
    case 'mark':
      mark = process.cpuUsage()
      return {}
    case 'watch':
      watching = command.r
      return {}
    case 'append':
      await base.append({ r: command.r })
      return {}
    case 'close':
      pacer?.stop()
      for (const socket of [...sockets]) socket.destroy()
      server?.close()
      await base?.close()
      await store?.close()
      base = null
      return {}
  }
}

process.on('message', (message: { id: number; command: Command }) => {
  handle(message.command).then(
    (answer) => process.send!({ id: message.id, answer }),
    (error: Error) => process.send!({ id: message.id, error: error.message })
  )
})
process.send!({ ready: true })
