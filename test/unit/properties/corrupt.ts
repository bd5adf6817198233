// How the World makes a good transaction into a bad entry: a wrong signer, forged or missing
// signatures, an unknown writer, a tampered body, huge or malformed numbers, garbage.
import { encodeTransaction } from '../../../core/protocol/encoding.ts'
import type { Transaction } from '../../../core/protocol/envelope.ts'
import { createTransaction, signatureFor } from '../../../core/protocol/sign.ts'
import { COLLECTIVES, KEYS, OUTSIDER } from './actors.ts'

/** Turns a good transaction into a bad entry of kind `how` (1…8). */
export function corrupt(tx: Transaction, how: number, r: number): { bytes?: Uint8Array; writer?: string } {
  const other = COLLECTIVES[(r % 7)]!
  switch (how) {
    case 1: {
      // a wrong (but correctly signed) signer list
      const bad = createTransaction({ type: tx.type, body: tx.body, time: tx.time, signers: [other.id] })
      bad.sigs[other.id] = signatureFor(bad, other.identity)
      return { bytes: encodeTransaction(bad) }
    }
    case 2: {
      // a forged signature: the right signer, signed with another key
      const forged = { ...tx, sigs: { ...tx.sigs } }
      const first = tx.signers[0]
      if (first) forged.sigs[first] = signatureFor(tx, other.identity === KEYS.get(first) ? COLLECTIVES[(r + 1) % 7]!.identity : other.identity)
      return { bytes: encodeTransaction(forged) }
    }
    case 3:
      return { bytes: encodeTransaction({ ...tx, sigs: {} }) }
    case 4:
      // an unknown device, or one of a collective that is not a member
      return { writer: r % 2 ? OUTSIDER.deviceKey : COLLECTIVES[5]!.deviceKey }
    case 5: {
      // tampered after signing
      const body = { ...(tx.body as any) }
      const field = Object.keys(body).find((k) => typeof body[k] === 'string' && /^[0-9]+$/.test(body[k])) ?? Object.keys(body)[0]
      if (field) body[field] = typeof body[field] === 'string' && /^[0-9]+$/.test(body[field]) ? String(BigInt(body[field]) + 1n) : body[field]
      return { bytes: encodeTransaction({ ...tx, time: field ? tx.time : tx.time + 1, body }) }
    }
    case 6: {
      // huge, malformed and out-of-range numbers, correctly signed
      const values = ['9'.repeat(30), '1' + '0'.repeat(30), '-5', '1.5', '0x10', ' 12', '007', '0', '']
      const body = { ...(tx.body as any) }
      for (const k of ['quantity', 'minutes', 'amount', 'counted', 'minutesUsed', 'durability']) {
        if (k in body) body[k] = values[r % values.length]
      }
      if ('performedAt' in body) body.performedAt = [8_640_000_000_000_001, -1, 1.5, 2 ** 53, 8_640_000_000_000_000, 0][r % 6]
      const time = [2 ** 60, 8_640_000_000_000_000, 0, tx.time, tx.time][r % 5]!
      const bad = createTransaction({ type: tx.type, body, time, signers: tx.signers })
      for (const s of tx.signers) {
        const pair = KEYS.get(s)
        if (pair) bad.sigs[s] = signatureFor(bad, pair)
      }
      return { bytes: Buffer.from(JSON.stringify(bad)) }
    }
    case 7: {
      // garbage of many kinds
      const json = encodeTransaction(tx).toString()
      const garbage = [
        Buffer.from(json.slice(0, Math.max(1, r % json.length))),
        Buffer.from(Array.from({ length: 1 + (r % 200) }, (_, i) => (r * (i + 7)) % 256)),
        Buffer.from(JSON.stringify({ ...tx, v: 2 })),
        Buffer.from(JSON.stringify({ ...tx, type: 'coupon.transfer' })),
        Buffer.from(JSON.stringify({ ...tx, extra: 1 })),
        Buffer.from(JSON.stringify({ ...tx, body: { ...(tx.body as any), extra: 'x' } })),
        Buffer.from('{"v":1,"type":"revision.final","body":{"period":"2026-13"},"time":0,"signers":[],"sigs":{}}'),
        Buffer.from(JSON.stringify({ ...tx, body: { ...(tx.body as any), pad: 'x'.repeat(70_000) } })),
        Buffer.from([0xff, 0xfe, 0x7b, 0x7d]),
        Buffer.from('null'),
        Buffer.from('[]'),
        Buffer.from(JSON.stringify({ ...tx, signers: [...tx.signers, ...tx.signers] }))
      ]
      return { bytes: garbage[r % garbage.length]! }
    }
    default: {
      // a stranger's signature added to a good transaction
      const extra = { ...tx, sigs: { ...tx.sigs, [other.id]: signatureFor(tx, other.identity) } }
      return { bytes: encodeTransaction(extra) }
    }
  }
}
