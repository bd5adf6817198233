// One PIN field for every wallet form (renderer/src/components/PinField.tsx): the card's PIN
// when a wallet is made, a kept wallet's PIN, the card's PIN when keeping it, the PIN typed to
// pay or claim. A masked numeric input written out again elsewhere is a near-copy that drifts
// (one autofills, one shows no keypad); this keeps them in one place.
import { readdirSync, readFileSync } from 'node:fs'
import { join, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const src = new URL('../../renderer/src/', import.meta.url).pathname

function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? sources(join(dir, entry.name)) : /\.tsx?$/.test(entry.name) ? [join(dir, entry.name)] : []
  )
}

describe('the wallet forms share their fields', () => {
  it('writes a masked numeric (PIN) input only in PinField', () => {
    const pinInputs = sources(src)
      .filter((file) => /type="password"[^>]*inputMode="numeric"|inputMode="numeric"[^>]*type="password"/s.test(readFileSync(file, 'utf8')))
      .map((file) => relative(src, file))
    expect(pinInputs).toEqual(['components/PinField.tsx'])
  })

  it('makes the QR scanner and the card code field only in CardField', () => {
    const scanners = sources(src)
      .filter((file) => readFileSync(file, 'utf8').includes('<QrScanner'))
      .map((file) => relative(src, file))
    expect(scanners).toEqual(['components/CardField.tsx'])
  })
})
