// JSON for the terminal. Amounts in the ledger are BigInt and keys may be Buffers; plain
// JSON.stringify throws a TypeError on the first and dumps the second as a byte array, so
// every `--json` output goes through here: BigInt as a decimal string (the API's own
// convention for µmin), bytes as hex.
export function jsonReplacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return value.toString()
  if (value && typeof value === 'object' && (value as { type?: unknown }).type === 'Buffer' && Array.isArray((value as { data?: unknown }).data)) {
    // Buffer.prototype.toJSON ran before the replacer saw it.
    return Buffer.from((value as { data: number[] }).data).toString('hex')
  }
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex')
  return value
}

export function jsonText(value: unknown): string {
  return JSON.stringify(value, jsonReplacer, 2)
}
