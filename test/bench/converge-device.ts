// One device of the process-per-writer convergence bench (test/bench/converge-procs.ts): a
// NetworkBase on disk with the toy apply, replicating over loopback TCP, driven by the parent
// through Node's IPC channel. Every answer carries this process's own CPU time, so the parent
// can tell what one device spent, whatever the other processes did to the machine's load.
import net from 'node:net'
import { NetworkBase } from '../../core/network/base.ts'
import { addWriter, put, toyApply } from '../integration/toy-ledger.ts'

type Command =
  | { op: 'open'; dir: string; join?: { key: string; encryptionKey: string } }
  | { op: 'connect'; port: number }
  | { op: 'disconnect' }
  | { op: 'add-writers'; keys: string[] }
  | { op: 'write'; prefix: string; count: number }
  | { op: 'mark' }
  | { op: 'status' }
  | { op: 'close' }

let base: NetworkBase | null = null
let server: net.Server | null = null
const sockets = new Set<net.Socket>()
let mark = process.cpuUsage()

/** Pipe a TCP socket into Autobase's replication (Hypercore wraps it in its Noise stream). */
function replicateOver(socket: net.Socket, initiator: boolean): void {
  const stream = base!.replicate(initiator)
  stream.pipe(socket).pipe(stream)
  sockets.add(socket)
  // A cut link errors on both ends; cutting links is what the bench does.
  const drop = () => {
    sockets.delete(socket)
    stream.destroy()
    socket.destroy()
  }
  socket.on('error', drop)
  socket.on('close', drop)
  stream.on('error', drop)
}

const cpuSinceMark = () => {
  const used = process.cpuUsage(mark)
  return (used.user + used.system) / 1e6
}

async function handle(command: Command): Promise<Record<string, unknown>> {
  switch (command.op) {
    case 'open': {
      base = await NetworkBase.open({ dir: command.dir, applyEntry: toyApply, durable: false, ...(command.join ? { join: command.join } : { create: true }) })
      server = net.createServer((socket) => replicateOver(socket, false))
      await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
      return { port: (server.address() as net.AddressInfo).port, writerKey: base.writerKey, key: base.config.key, encryptionKey: base.config.encryptionKey }
    }
    case 'connect': {
      const socket = net.connect(command.port, '127.0.0.1')
      await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject))
      replicateOver(socket, true)
      return {}
    }
    case 'disconnect':
      for (const socket of [...sockets]) socket.destroy()
      return {}
    case 'add-writers':
      await base!.append(command.keys.map((key) => addWriter(key)))
      return {}
    case 'write':
      for (let k = 0; k < command.count; k++) await base!.append(put(`${command.prefix}-${k}`, k))
      return {}
    case 'mark':
      mark = process.cpuUsage()
      return {}
    case 'status': {
      const view = base!.reader()
      return { seq: ((await view.get('seq')) as number | undefined) ?? 0, digest: (await view.get('digest')) ?? null, writable: base!.writable, cpu: cpuSinceMark(), rss: process.memoryUsage().rss }
    }
    case 'close':
      for (const socket of [...sockets]) socket.destroy()
      server?.close()
      await base?.close()
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
