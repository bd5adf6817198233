// Wallets without their words, on real files with real crypto: a card's code opens only with
// its PIN; a wallet kept on the device counts wrong PINs (across restarts) and locks.
import { mkdtemp, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { keyPairFromSeed } from '../../core/protocol/crypto.ts'
import { cardCode, MAX_ATTEMPTS, walletFromCard, WalletVault, WALLETS_FILE } from '../../core/node/wallet-vault.ts'
import { wordsToSeed, createWallet } from '../../core/node/keys.ts'

let dir: string
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wallet-vault-'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const { key, words } = createWallet()
const seed = wordsToSeed(words)

describe('a wallet card', () => {
  it('holds the wallet encrypted: its PIN opens it, nothing else does', async () => {
    const code = await cardCode(seed, '271828')
    expect(code).toMatch(/^STW1:[A-Z2-7]+$/) // QR alphanumeric mode
    expect(code.toLowerCase()).not.toContain(seed.toString('hex').slice(0, 16))
    expect((await walletFromCard(code, '271828')).publicKey.toString('hex')).toBe(key)
    expect((await walletFromCard(` ${code.toLowerCase()}\n`, '271828')).publicKey.toString('hex')).toBe(key)
    await expect(walletFromCard(code, '271829')).rejects.toMatchObject({ code: 'WRONG_PIN' })
  })

  it('refuses what is not a card, and a PIN too short for a card', async () => {
    await expect(walletFromCard(words.join(' '), '271828')).rejects.toMatchObject({ code: 'BAD_WALLET_CARD' })
    await expect(walletFromCard('STW1:AAAA', '271828')).rejects.toMatchObject({ code: 'BAD_WALLET_CARD' })
    await expect(cardCode(seed, '1234')).rejects.toMatchObject({ code: 'BAD_PIN' })
  })
})

describe('a wallet kept on the device', () => {
  it('opens with its PIN, keeps no readable secret, and locks after too many wrong PINs', async () => {
    const vault = new WalletVault(dir)
    await vault.keep(seed, '4711', 'Ada')
    const file = await readFile(join(dir, WALLETS_FILE), 'utf8')
    expect(file).not.toContain(seed.toString('hex'))
    expect(await vault.list()).toEqual([{ key, name: 'Ada', locked: false, attemptsLeft: MAX_ATTEMPTS }])
    expect((await vault.unlock(key, '4711')).publicKey.toString('hex')).toBe(key)

    await expect(vault.unlock(key, '0000')).rejects.toMatchObject({ code: 'WRONG_PIN', message: expect.stringContaining(`${MAX_ATTEMPTS - 1} attempts left`) })
    // A right PIN resets the count.
    await vault.unlock(key, '4711')
    expect((await vault.list())[0]!.attemptsLeft).toBe(MAX_ATTEMPTS)

    for (let i = 1; i < MAX_ATTEMPTS; i++) await expect(vault.unlock(key, '0000')).rejects.toMatchObject({ code: 'WRONG_PIN' })
    // The count is on disk: a restarted node (a new vault over the same file) goes on counting.
    const restarted = new WalletVault(dir)
    await expect(restarted.unlock(key, '0000')).rejects.toMatchObject({ code: 'WALLET_LOCKED' })
    await expect(restarted.unlock(key, '4711')).rejects.toMatchObject({ code: 'WALLET_LOCKED' })
    expect((await restarted.list())[0]).toMatchObject({ locked: true, attemptsLeft: 0 })

    // Its words keep it again, with a new PIN.
    await restarted.keep(seed, '8080', 'Ada')
    expect((await restarted.unlock(key, '8080')).publicKey.toString('hex')).toBe(keyPairFromSeed(seed).publicKey.toString('hex'))
    await restarted.forget(key)
    expect(await restarted.list()).toEqual([])
    await expect(restarted.unlock(key, '8080')).rejects.toMatchObject({ code: 'UNKNOWN_WALLET' })
  }, 60_000)
})
