// The registry of transaction types: one body schema each. A type not listed here is
// refused as UNKNOWN_TYPE by every node.
import type { z } from 'zod'
import * as collectives from './bodies/collectives.ts'
import * as corrections from './bodies/corrections.ts'
import * as council from './bodies/council.ts'
import * as coupons from './bodies/coupons.ts'
import * as governance from './bodies/governance.ts'
import * as production from './bodies/production.ts'
import * as resources from './bodies/resources.ts'

export const bodySchemas = {
  'collective.register': collectives.collectiveRegister,
  'device.bind': collectives.deviceBind,
  'device.unbind': collectives.deviceUnbind,
  'trust.establish': collectives.trustEstablish,
  'trust.cancel': collectives.trustCancel,
  'settlement.record': collectives.settlementRecord,
  'product.define': resources.productDefine,
  'resource.collectivize': resources.resourceCollectivize,
  'resource.transfer': resources.resourceTransfer,
  'resource.writeoff': resources.resourceWriteoff,
  'inventory.count': resources.inventoryCount,
  'dispatch.record': resources.dispatchRecord,
  'order.place': production.orderPlace,
  'order.reject': production.orderReject,
  'estimate.publish': production.estimatePublish,
  'production.start': production.productionStart,
  'production.consume': production.productionConsume,
  'production.workload': production.productionWorkload,
  'production.allocate': production.productionAllocate,
  'production.deallocate': production.productionDeallocate,
  'production.output': production.productionOutput,
  'revision.final': coupons.revisionFinal,
  'coupon.claim': coupons.couponClaim,
  'coupon.spend': coupons.couponSpend,
  'proposal.create': governance.proposalCreate,
  'vote.cast': governance.voteCast,
  cosign: governance.cosign,
  'cosign.decline': governance.cosignDecline,
  'workload.reverse': corrections.workloadReverse,
  'order.withdraw': corrections.orderWithdraw,
  'estimate.replace': corrections.estimateReplace,
  'product.retire': corrections.productRetire,
  'council.dkg': council.councilDkg,
  'council.sign': council.councilSign
} as const

export type TxType = keyof typeof bodySchemas
export type Body<T extends TxType> = z.output<(typeof bodySchemas)[T]>

export const TX_TYPES = Object.keys(bodySchemas).sort() as TxType[]

export function isTxType(type: string): type is TxType {
  return Object.prototype.hasOwnProperty.call(bodySchemas, type)
}
