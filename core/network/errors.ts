// Errors of the network layer carry a stable `code` the UI and the command line can switch on.

export type NetworkErrorCode =
  | 'NO_NETWORK' // the data dir has joined or created no network yet
  | 'NETWORK_EXISTS' // asked to create or join a network where one already is
  | 'NOT_WRITABLE' // this device is not (yet, or any more) a writer of the network
  | 'NOT_MEMBER' // a peer or device is not a member of the network
  | 'BAD_KEY_FILE' // a key file on disk is unreadable or malformed
  | 'BAD_INVITE' // an invite code that does not decode
  | 'INVITE_EXPIRED'
  | 'INVITE_UNKNOWN' // no device asked knows the invite (made elsewhere, or its node restarted)
  | 'PAIRING_REJECTED' // the member declined the pairing request
  | 'PAIRING_TIMEOUT'
  | 'PAIRING_UNREACHABLE' // a direct address for pairing could not be reached
  | 'PAIRING_OFFLINE' // the settings allow no way to reach the other side (no DHT, no address)
  | 'CLOSED' // the node was closed while the call was under way
  | 'EMPTY_ENTRY' // asked to append zero bytes, which Autobase cannot tell from an ack
  | 'FOLDER_UNSAFE' // a sync folder holds a link or something else than plain files
  | 'FOLDER_LIMIT' // a sync folder holds more than one sync may read
  | 'DEVICE_KEY_LOST' // device.json is gone from a data dir that belongs to a network
  | 'STORE_LOST' // the Corestore holds less of this device's log than it once wrote (a fork if it wrote on)
  | 'DATA_DIR_COPY' // the data dir is a file copy of another (a second device with the same keys)
  | 'DATA_DIR_IN_USE' // another process has the data dir open
  | 'KEYS_USED_ELSEWHERE' // a peer passed on a second signed history of this device's own core

/** The network's errors a newcomer sees on the join screen (translated like the node's). */
export const PAIRING_ERROR_CODES = ['PAIRING_TIMEOUT', 'INVITE_UNKNOWN', 'INVITE_EXPIRED', 'PAIRING_REJECTED'] as const satisfies readonly NetworkErrorCode[]

export class NetworkError extends Error {
  constructor(
    readonly code: NetworkErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'NetworkError'
  }
}
