// core/network: one device's copy of the network (Corestore + Autobase + Hyperbee view), the
// ways to reach the other devices (Hyperswarm, direct TCP, a folder), and pairing.
export { NetworkBase } from './base.ts'
export type {
  ApplyEntry,
  ApplyErrorEvent,
  NetworkBaseOptions,
  View,
  ViewChange,
  WriterInfo
} from './base.ts'
export { DirectPeers, type DirectOptions } from './direct.ts'
export { NetworkError, type NetworkErrorCode } from './errors.ts'
export {
  folderStorePath,
  syncFolder,
  type FolderSyncOptions,
  type FolderSyncProgress,
  type FolderSyncResult
} from './folder-sync.ts'
export { ApplyStore, HyperbeeStore, openApplyStore } from './hyperbee-store.ts'
export { writerKeyOf, type NetworkConfig } from './keys.ts'
export { Membership } from './membership.ts'
export { PairingHost, type PairingHostOptions, type PairingRequest } from './pairing-host.ts'
export { deviceIdentity, requestPairing, type PairingOptions } from './pairing-join.ts'
export { decodeInviteCode } from './pairing-messages.ts'
export { NetworkSwarm, runBootstrapNode, type SwarmOptions } from './swarm.ts'
