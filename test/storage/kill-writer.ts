// A collective's node in a child process, writing as fast as it can and printing `ack <id>`
// the moment each submit resolves: the moment a user would be told the transaction is saved.
// kills.ts kills it with SIGKILL at a random moment and checks what was saved.
//
//   node --import tsx kill-writer.ts <data dir> <production id> <product id> <first counter>
import { CollectiveNode } from '../../core/node/collective-node.ts'
import { walletActor } from '../../core/scenario/actors.ts'

const [dir, production, product, first] = process.argv.slice(2)
if (!dir || !production || !product || !first) {
  process.stderr.write(
    'usage: kill-writer.ts <data dir> <production id> <product id> <first counter>\n'
  )
  process.exit(2)
}

process.stdout.write('opening\n')
const node = await CollectiveNode.open({ dir, swarm: false, council: false })
if (!node.ready) throw new Error(`${dir} holds no collective`)
const me = node.identity!.id
// Many people's wallets, so that no one reaches the ledger's 24 hours of work in a day.
const wallets = Array.from({ length: 64 }, (_, i) => walletActor(`Shift ${i}`).key)
process.stdout.write('ready\n')

// Workloads (one apply writes several view keys), now and then a product (another part of
// the view) or an order; each is unique, so no two are the same transaction.
for (let n = Number(first); ; n++) {
  const { id } =
    n % 7 === 3
      ? await node.submit('product.define', {
          name: `Roll ${n}`,
          unit: 'piece',
          kind: 'consumable'
        })
      : n % 11 === 5
        ? await node.submit('order.place', {
            producer: me,
            product,
            quantity: String(1 + (n % 50))
          })
        : await node.submit('production.workload', {
            production,
            wallet: wallets[n % wallets.length]!,
            minutes: String(1_000_000 + n),
            performedAt: Date.now() - 1000
          })
  process.stdout.write(`ack ${id}\n`)
}
