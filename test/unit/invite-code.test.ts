// Invite codes as typed or pasted, and as an attacker might shape them: the address part that
// lets a newcomer dial the inviting device, and the settings that decide where pairing goes.
import { describe, expect, it } from 'vitest'
import { decodeAddresses, dialableAddresses, encodeAddresses } from '../../core/network/pairing-routes.ts'
import { encodeZ32 } from '../../core/network/z32.ts'
import { inviteCode, inviteRefusal, pairingSettings, splitInviteCode, withInviterPeers } from '../../core/node/pairing.ts'

const member = 'ab'.repeat(32)
const invite = 'yrbta7hcsw7rufbtmkt9zb8toohz318y'

describe('invite codes with addresses', () => {
  it('carry IPv4 addresses and ports, and read back as typed by a person', () => {
    const code = inviteCode(invite, member, ['192.168.1.20:7450', '10.0.0.5:65535'])
    expect(code.split('.')).toHaveLength(3)
    const typed = code.toUpperCase().replace(/(.{5})/g, '$1 ')
    // The pairing part is cleaned where it is decoded (pairing-messages.ts); the rest here.
    expect(splitInviteCode(typed)).toMatchObject({ memberId: member, addresses: ['192.168.1.20:7450', '10.0.0.5:65535'] })
    expect(splitInviteCode(inviteCode(invite, member)).addresses).toEqual([])
  })

  it('refuse damaged or hostile address parts', () => {
    const bad = (part: string) => () => splitInviteCode(`${invite}.${encodeZ32(Buffer.from(member, 'hex'))}.${part}`)
    expect(bad('yyy')).toThrow(expect.objectContaining({ code: 'BAD_INVITE' }))
    expect(bad(encodeZ32(Buffer.alloc(7)))).toThrow(expect.objectContaining({ code: 'BAD_INVITE' }))
    expect(bad(encodeZ32(Buffer.alloc(6)))).toThrow(/port 0/)
    expect(bad(encodeAddresses(Array.from({ length: 5 }, (_, i) => `10.0.0.${i}:1`)))).toThrow(/too many/)
    expect(bad('!!')).toThrow(expect.objectContaining({ code: 'BAD_INVITE' }))
    expect(() => splitInviteCode(`${invite}.${encodeZ32(Buffer.from(member, 'hex'))}.${encodeAddresses(['1.2.3.4:5'])}.extra`)).toThrow(expect.objectContaining({ code: 'BAD_INVITE' }))
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
