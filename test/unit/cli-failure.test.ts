// What the command line says when a command fails: a sentence for what a person can fix,
// nothing (so the stack trace shows) for a bug.
import { describe, expect, it } from 'vitest'
import { NodeError } from '../../core/node/errors.ts'
import { describeFailure } from '../../main/cli/failure.ts'
import { CliError } from '../../main/cli/errors.ts'
import { jsonText } from '../../main/cli/json.ts'

const system = (code: string, extra: Record<string, unknown> = {}) => Object.assign(new Error(`${code} raw`), { code, ...extra })

describe('command line failures', () => {
  it('turns a busy or foreign address into a sentence naming it', () => {
    expect(describeFailure(system('EADDRINUSE', { syscall: 'listen', address: '127.0.0.1', port: 7450 }))).toBe(
      '127.0.0.1:7450 is already in use: another program (or another stachanov) listens there; stop it or choose another port'
    )
    expect(describeFailure(system('EACCES', { syscall: 'listen', address: '0.0.0.0', port: 80 }))).toMatch(/^not allowed to listen on 0\.0\.0\.0:80: ports below 1024/)
    expect(describeFailure(system('EADDRNOTAVAIL', { syscall: 'listen', address: '10.9.9.9', port: 0 }))).toMatch(/^10\.9\.9\.9: this machine has no such address/)
  })

  it('passes on the node\'s and the command\'s own messages, and leaves bugs alone', () => {
    expect(describeFailure(new CliError('cannot read x: no such file'))).toBe('cannot read x: no such file')
    expect(describeFailure(new NodeError('NOT_SET_UP', 'create a collective or join one first'))).toBe('create a collective or join one first (NOT_SET_UP)')
    expect(describeFailure(new TypeError('x is not a function'))).toBeNull()
  })

  it('writes amounts and keys as JSON where JSON.stringify would throw or dump bytes', () => {
    expect(() => JSON.stringify({ a: 1n })).toThrow(TypeError)
    expect(JSON.parse(jsonText({ a: 10n ** 20n, key: Buffer.from([0xab, 0xcd]), bytes: new Uint8Array([1, 2]) }))).toEqual({ a: '100000000000000000000', key: 'abcd', bytes: '0102' })
  })
})
