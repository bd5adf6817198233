// Which handler decides which transaction type. The co-signing module needs this table to
// complete a pending transaction: it is handed over below.
import type { Handler } from '../context.ts'
import type { TxType } from '../../protocol/types.ts'
import { collectiveRegister, deviceBind, deviceUnbind } from './collectives.ts'
import { councilDkg, councilSign } from './council.ts'
import { cosign, cosignDecline, useHandlers } from './cosign.ts'
import { couponClaim, couponSpend } from './coupons.ts'
import { estimateReplace, orderWithdraw, productRetire, workloadReverse } from './corrections.ts'
import { proposalCreate, voteCast } from './governance.ts'
import { estimatePublish, orderPlace, orderReject, productionStart } from './orders.ts'
import { productionAllocate, productionConsume, productionDeallocate, productionOutput, productionWorkload } from './production.ts'
import {
  dispatchRecord,
  inventoryCount,
  productDefine,
  resourceCollectivize,
  resourceTransfer,
  resourceWriteoff
} from './resources.ts'
import { revisionFinal } from './revision.ts'
import { settlementRecord, trustCancel, trustEstablish } from './trust.ts'

export const handlers: { [T in TxType]: Handler<T> } = {
  'collective.register': collectiveRegister,
  'device.bind': deviceBind,
  'device.unbind': deviceUnbind,
  'trust.establish': trustEstablish,
  'trust.cancel': trustCancel,
  'settlement.record': settlementRecord,
  'product.define': productDefine,
  'resource.collectivize': resourceCollectivize,
  'resource.transfer': resourceTransfer,
  'resource.writeoff': resourceWriteoff,
  'inventory.count': inventoryCount,
  'dispatch.record': dispatchRecord,
  'order.place': orderPlace,
  'order.reject': orderReject,
  'estimate.publish': estimatePublish,
  'production.start': productionStart,
  'production.consume': productionConsume,
  'production.workload': productionWorkload,
  'production.allocate': productionAllocate,
  'production.deallocate': productionDeallocate,
  'production.output': productionOutput,
  'revision.final': revisionFinal,
  'coupon.claim': couponClaim,
  'coupon.spend': couponSpend,
  'proposal.create': proposalCreate,
  'vote.cast': voteCast,
  cosign,
  'cosign.decline': cosignDecline,
  'workload.reverse': workloadReverse,
  'order.withdraw': orderWithdraw,
  'estimate.replace': estimateReplace,
  'product.retire': productRetire,
  'council.dkg': councilDkg,
  'council.sign': councilSign
}
useHandlers(handlers)

export { addSignatures, completedBy, storePending, type PendingRecord } from './cosign.ts'
