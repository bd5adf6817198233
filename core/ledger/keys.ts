// The view's key layout, in one place. Every key is a `/`-separated path; the first segment
// names the kind of record. Indexes (`…Of/…`) exist so that queries read ranges, never scans.
import { nameKey } from '../protocol/names.ts'

export const keys = {
  digest: 'meta/digest',
  seq: 'meta/seq',
  totals: 'meta/totals',
  genesis: 'meta/genesis',

  /** One per applied entry, by position: what happened to it. */
  log: (seq: number) => `log/${String(seq).padStart(12, '0')}`,
  /** One per transaction id: its status (pending, accepted, rejected). */
  tx: (id: string) => `tx/${id}`,
  pending: (id: string) => `pending/${id}`,
  pendingFor: (signer: string, id: string) => `pendingFor/${signer}/${id}`,
  rejection: (seq: number) => `rejection/${String(seq).padStart(12, '0')}`,

  collective: (id: string) => `collective/${id}`,
  device: (key: string) => `device/${key}`,
  edge: (a: string, b: string) => `edge/${a}/${b}`,
  edgesOf: (a: string) => `edge/${a}/`,
  subsystem: (id: string) => `subsystem/${id}`,
  member: (subsystem: string, collective: string) => `member/${subsystem}/${collective}`,
  membersOf: (subsystem: string) => `member/${subsystem}/`,
  split: (cancelTx: string) => `split/${cancelTx}`,
  commons: (subsystem: string, product: string) => `commons/${subsystem}/${product}`,
  commonsOf: (subsystem: string) => `commons/${subsystem}/`,
  params: (subsystem: string) => `params/${subsystem}`,
  debt: (subsystem: string) => `debt/${subsystem}`,

  product: (id: string) => `product/${id}`,
  /** By the name's key (docs/protocol.md §2.7): case-folded by a pinned table, not the runtime. */
  productName: (name: string) => `productName/${nameKey(name)}`,
  lot: (id: string) => `lot/${id}`,
  lotOf: (owner: string, lot: string) => `lotOf/${owner}/${lot}`,
  lotsOf: (owner: string) => `lotOf/${owner}/`,
  /** What a write-off (or an inventory shortfall) removed, and why: by transaction id. */
  writeoff: (tx: string) => `writeoff/${tx}`,
  /** Dispatcher stock of one product type held by one collective: value and quantity. */
  stock: (collective: string, product: string) => `stock/${collective}/${product}`,
  stockOf: (collective: string) => `stock/${collective}/`,
  /** The socially necessary price basis of a product type in a subsystem (§6.2). */
  price: (subsystem: string, product: string) => `price/${subsystem}/${product}`,
  pricesOf: (subsystem: string) => `price/${subsystem}/`,

  order: (id: string) => `order/${id}`,
  ordersOf: (collective: string, order: string) => `orderOf/${collective}/${order}`,
  estimate: (id: string) => `estimate/${id}`,
  production: (id: string) => `production/${id}`,
  productionsOf: (collective: string, production: string) => `productionOf/${collective}/${production}`,

  workload: (id: string) => `workload/${id}`,
  /** Workloads of a collective in a period, for the final revision and for claims. */
  workloadIn: (collective: string, period: string, id: string) => `workloadIn/${collective}/${period}/${id}`,
  workloadsIn: (collective: string, period: string) => `workloadIn/${collective}/${period}/`,
  workloadOfWallet: (wallet: string, id: string) => `workloadOf/${wallet}/${id}`,
  /** a, c, w of one collective in one period, summed by the final revision. */
  tally: (collective: string, period: string) => `tally/${collective}/${period}`,
  /** Set when a collective's period is closed: which revision closed it. */
  closed: (collective: string, period: string) => `closed/${collective}/${period}`,
  revision: (tx: string, subsystem: string) => `revision/${tx}/${subsystem}`,
  revisionsOf: (tx: string) => `revision/${tx}/`,
  revisionIn: (period: string, subsystem: string) => `revisionIn/${period}/${subsystem}`,

  balance: (wallet: string, origin: string) => `balance/${wallet}/${origin}`,
  balancesOf: (wallet: string) => `balance/${wallet}/`,
  /** Coupons outstanding by the collective where their workload was registered. */
  outstanding: (origin: string) => `outstanding/${origin}`,

  proposal: (id: string) => `proposal/${id}`,
  vote: (proposal: string, collective: string) => `vote/${proposal}/${collective}`,
  passedProduction: (estimate: string) => `passedProduction/${estimate}`
}
