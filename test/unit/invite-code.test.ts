// Invite codes as typed or pasted, and as an attacker might shape them: the address part that
// lets a newcomer dial the inviting device, and the settings that decide where pairing goes.
import { describe, expect, it } from 'vitest'
import { decodeAddresses, dialableAddresses, encodeAddresses } from '../../core/network/pairing-routes.ts'
import { encodeInviteCode } from '../../core/network/pairing-messages.ts'
import { encodeZ32 } from '../../core/network/z32.ts'
import { INVITE_CODE_LENGTH, inviteCode, inviteRefusal, pairingSettings, splitInviteCode, withInviterPeers } from '../../core/node/pairing.ts'

const member = 'ab'.repeat(32)
const invite = encodeInviteCode(Buffer.alloc(16, 7))

describe('invite codes', () => {
  it('are short enough to type: 82 characters, the member and the pairing secret in one check-summed string', () => {
    const code = inviteCode(invite, member)
    expect(code).toHaveLength(INVITE_CODE_LENGTH)
    expect(INVITE_CODE_LENGTH).toBe(82)
    expect(code).toMatch(/^[ybndrfg8ejkmcpqxot1uwisza345h769]+$/)
    // Typed in groups, in capitals, with dashes: the same code.
    const typed = code.toUpperCase().replace(/(.{4})/g, '$1 - ')
    expect(splitInviteCode(typed)).toEqual({ pairingCode: invite, memberId: member, addresses: [] })
  })

  it('name a typing error as one (INVITE_TYPO), and a missing character by the count', () => {
    const code = inviteCode(invite, member)
    for (const at of [0, 10, 40, 80]) {
      const swapped = code.slice(0, at) + (code[at] === 'y' ? 'b' : 'y') + code.slice(at + 1)
      expect(() => splitInviteCode(swapped)).toThrow(expect.objectContaining({ code: 'INVITE_TYPO', message: expect.stringMatching(/typing error/) }))
    }
    expect(() => splitInviteCode(code.slice(0, -1))).toThrow(expect.objectContaining({ code: 'BAD_INVITE', message: expect.stringMatching(/82 characters.*this one 81/) }))
    expect(() => splitInviteCode(code + 'y')).toThrow(expect.objectContaining({ code: 'BAD_INVITE' }))
    expect(() => splitInviteCode('not an invite!')).toThrow(expect.objectContaining({ code: 'BAD_INVITE' }))
    // Two transposed characters are caught too.
    const i = [...code].findIndex((c, k) => k > 5 && c !== code[k + 1])
    const transposed = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2)
    expect(() => splitInviteCode(transposed)).toThrow(expect.objectContaining({ code: 'INVITE_TYPO' }))
  })
})

describe('invite codes with addresses', () => {
  it('carry IPv4 addresses and ports, and read back as typed by a person', () => {
    const code = inviteCode(invite, member, ['192.168.1.20:7450', '10.0.0.5:65535'])
    expect(code.split('.')).toHaveLength(2)
    const typed = code.toUpperCase().replace(/(.{5})/g, '$1 ')
    expect(splitInviteCode(typed)).toMatchObject({ pairingCode: invite, memberId: member, addresses: ['192.168.1.20:7450', '10.0.0.5:65535'] })
    expect(splitInviteCode(inviteCode(invite, member)).addresses).toEqual([])
  })

  it('refuse damaged or hostile address parts', () => {
    const bad = (part: string) => () => splitInviteCode(`${inviteCode(invite, member)}.${part}`)
    expect(bad('yyy')).toThrow(expect.objectContaining({ code: 'BAD_INVITE' }))
    expect(bad(encodeZ32(Buffer.alloc(7)))).toThrow(expect.objectContaining({ code: 'BAD_INVITE' }))
    expect(bad(encodeZ32(Buffer.alloc(6)))).toThrow(/port 0/)
    expect(bad(encodeAddresses(Array.from({ length: 5 }, (_, i) => `10.0.0.${i}:1`)))).toThrow(/too many/)
    expect(bad('!!')).toThrow(expect.objectContaining({ code: 'BAD_INVITE' }))
    expect(() => splitInviteCode(`${inviteCode(invite, member, ['1.2.3.4:5'])}.extra`)).toThrow(expect.objectContaining({ code: 'BAD_INVITE' }))
    expect(() => encodeAddresses(['::1:7450'])).toThrow(RangeError)
    expect(decodeAddresses(encodeAddresses(['1.2.3.4:5']))).toEqual(['1.2.3.4:5'])
  })

  it('name a listener by its own address, or the machine\'s for a wildcard', () => {
    expect(dialableAddresses(null)).toEqual([])
    expect(dialableAddresses({ host: '127.0.0.1', port: 7450 })).toEqual(['127.0.0.1:7450'])
    expect(dialableAddresses({ host: 'fe80::1', port: 7450 })).toEqual([])
    const any = dialableAddresses({ host: '0.0.0.0', port: 7450 })
    expect(any.length).toBeGreaterThan(0)
    for (const address of any) expect(address).toMatch(/^\d+\.\d+\.\d+\.\d+:7450$/)
  })
})

describe('where pairing may go', () => {
  it('follows the swarm: its bootstrap, the public DHT only without one, none without a swarm', () => {
    expect(pairingSettings({ swarm: { bootstrap: ['10.0.0.1:49737'], host: '10.0.0.2' } }).dht).toEqual({ bootstrap: ['10.0.0.1:49737'], host: '10.0.0.2' })
    expect(pairingSettings({}).dht).toEqual({})
    expect(pairingSettings({ swarm: false, direct: { peers: ['10.0.0.1:7450'] } })).toEqual({ dht: false, peers: ['10.0.0.1:7450'] })
  })

  it('refuses an invite nobody could use, saying what works', () => {
    expect(inviteRefusal({ dht: {}, peers: [] }, false)).toBeNull()
    expect(inviteRefusal({ dht: false, peers: [] }, true)).toBeNull()
    expect(inviteRefusal({ dht: false, peers: [] }, false)).toMatch(/no direct peers.*--listen.*--bootstrap.*USB stick/)
    expect(inviteRefusal({ dht: false, peers: ['10.0.0.1:7450'] }, false)).toMatch(/does not listen/)
  })

  it('keeps dialling the address a device paired through, ignoring junk in network.json', () => {
    expect(withInviterPeers(undefined, undefined)).toBeUndefined()
    expect(withInviterPeers({ peers: ['a:1'] }, ['b:2', 'a:1', 'no port', 42 as unknown as string])).toEqual({ peers: ['a:1', 'b:2'] })
  })
})
