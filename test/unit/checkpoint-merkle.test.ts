// RFC 6962 trees (core/checkpoint/merkle.ts) on the Certificate Transparency reference
// vectors, and the frontier `apply` keeps against the tree's definition.
import fc from 'fast-check'
import { describe, expect, it } from 'vitest'
import {
  appendLeaf,
  EMPTY_FRONTIER,
  EMPTY_ROOT,
  frontierRoot,
  inclusionProof,
  isFrontier,
  leafHash,
  rootOf,
  verifyInclusion
} from '../../core/checkpoint/merkle.ts'

// RFC 6962's test data and tree heads MTH(D[1..8]), as in google/certificate-transparency
// (python/ct/crypto/merkle_test.py) and every CT implementation's tests.
const DATA = [
  '',
  '00',
  '10',
  '2021',
  '3031',
  '40414243',
  '5051525354555657',
  '606162636465666768696a6b6c6d6e6f'
]
const ROOTS = [
  '6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d',
  'fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125',
  'aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7',
  '4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4',
  '76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef',
  'ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c',
  '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328'
]
// PATH(0, D[8]) and PATH(5, D[8]) from the same tests.
const PATH_0_8 = [
  '96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7',
  '5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e',
  '6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4'
]
const PATH_5_8 = [
  'bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b',
  'ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0',
  'd37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7'
]
const leaves = DATA.map((d) => leafHash(Buffer.from(d, 'hex')))
const hex = (b: Buffer[]) => b.map((x) => x.toString('hex'))

describe('RFC 6962 trees', () => {
  it('reproduces the reference tree heads, by definition and through the frontier', () => {
    expect(rootOf([]).toString('hex')).toBe(
      'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855'
    )
    expect(frontierRoot(EMPTY_FRONTIER)).toBe(EMPTY_ROOT)
    let frontier = EMPTY_FRONTIER
    for (const [i, leaf] of leaves.entries()) {
      expect(rootOf(leaves.slice(0, i + 1)).toString('hex')).toBe(ROOTS[i])
      frontier = appendLeaf(frontier, leaf)
      expect(frontierRoot(frontier)).toBe(ROOTS[i])
      expect(isFrontier(frontier)).toBe(true)
    }
  })

  it('reproduces the reference audit paths, which verify', () => {
    expect(hex(inclusionProof(leaves, 0))).toEqual(PATH_0_8)
    expect(hex(inclusionProof(leaves, 5))).toEqual(PATH_5_8)
    const root = Buffer.from(ROOTS[7]!, 'hex')
    expect(verifyInclusion(leaves[0]!, 0, 8, inclusionProof(leaves, 0), root)).toBe(true)
    expect(verifyInclusion(leaves[5]!, 5, 8, inclusionProof(leaves, 5), root)).toBe(true)
  })

  it('every proof of every tree up to 40 leaves verifies, and nothing altered does', () => {
    const many = Array.from({ length: 40 }, (_, i) => leafHash(Buffer.from(`${i}|id|accepted|`)))
    let frontier = EMPTY_FRONTIER
    for (let n = 1; n <= many.length; n++) {
      const tree = many.slice(0, n)
      const root = rootOf(tree)
      frontier = appendLeaf(frontier, tree[n - 1]!)
      expect(frontierRoot(frontier)).toBe(root.toString('hex'))
      for (let i = 0; i < n; i++) {
        const path = inclusionProof(tree, i)
        expect(verifyInclusion(tree[i]!, i, n, path, root)).toBe(true)
        if (n > 1) expect(verifyInclusion(tree[i]!, (i + 1) % n, n, path, root)).toBe(false)
        expect(verifyInclusion(leafHash(Buffer.from('x')), i, n, path, root)).toBe(false)
        expect(verifyInclusion(tree[i]!, i, i, path, root)).toBe(false)
        if (path.length) expect(verifyInclusion(tree[i]!, i, n, path.slice(1), root)).toBe(false)
      }
    }
  })

  it('the frontier equals the definition for random trees', () => {
    fc.assert(
      fc.property(fc.array(fc.uint8Array({ maxLength: 8 }), { maxLength: 70 }), (data) => {
        const hashes = data.map(leafHash)
        const frontier = hashes.reduce(appendLeaf, EMPTY_FRONTIER)
        expect(frontierRoot(frontier)).toBe(rootOf(hashes).toString('hex'))
      })
    )
  })

  it('refuses frontiers of the wrong shape', () => {
    const f = leaves.slice(0, 6).reduce(appendLeaf, EMPTY_FRONTIER)
    expect(f.peaks).toHaveLength(2)
    expect(isFrontier({ ...f, size: 7 })).toBe(false)
    expect(isFrontier({ ...f, peaks: [f.peaks[0]!, 'zz'] })).toBe(false)
  })
})
