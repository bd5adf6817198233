// Collectives and their devices (PROTOCOL §1). A collective is its identity key; its devices
// are the writer cores it appends with. Devices become writers once the collective is a
// member of the network (it has strong trust, or it founded the network).
import { short } from '../../protocol/decode.ts'
import { refuse } from '../../protocol/errors.ts'
import { getCollective, isRefusal, requireMember, type Context, type Handler } from '../context.ts'
import { keys } from '../keys.ts'
import type { CollectiveRecord } from '../records.ts'
import { createSubsystem } from '../subsystems.ts'
import { refreshIndexers } from '../council.ts'

/** Exactly one signer: the collective the transaction speaks for. */
export async function soleSigner(ctx: Context): Promise<string[] | ReturnType<typeof refuse>> {
  if (ctx.tx.signers.length !== 1) return refuse('WRONG_SIGNERS', `${ctx.tx.type} is signed by exactly one collective`)
  return [ctx.tx.signers[0]!]
}

/** Marks a collective as a member and asks the host to make its devices writers. */
export function admit(ctx: Context, collective: CollectiveRecord): void {
  if (collective.member) return
  collective.member = true
  for (const device of collective.devices) ctx.effects.push({ kind: 'writer.add', key: device })
}

export function dismiss(ctx: Context, collective: CollectiveRecord): void {
  if (!collective.member) return
  collective.member = false
  for (const device of collective.devices) ctx.effects.push({ kind: 'writer.remove', key: device })
}

export const collectiveRegister: Handler<'collective.register'> = {
  signers: soleSigner,
  async apply(ctx) {
    const id = ctx.tx.signers[0]!
    if (await getCollective(ctx, id)) return refuse('ALREADY_REGISTERED', `collective ${short(id)} is already registered`)
    for (const device of ctx.tx.body.devices) {
      if (await ctx.state.get(keys.device(device))) return refuse('DEVICE_TAKEN', `device ${short(device)} already belongs to a collective`)
    }
    const { name, roles, devices } = ctx.tx.body
    const collective: CollectiveRecord = { id, name, roles: [...roles].sort(), devices, member: false, subsystem: id, registeredBy: ctx.id }
    await createSubsystem(ctx, collective)
    if ((await ctx.state.get(keys.genesis)) === undefined) {
      // The founding collective is a member from the start: it is the network.
      ctx.state.put(keys.genesis, id)
      admit(ctx, collective)
    }
    for (const device of devices) ctx.state.put(keys.device(device), { collective: id })
    ctx.state.put(keys.collective(id), collective)
  }
}

export const deviceBind: Handler<'device.bind'> = {
  signers: soleSigner,
  async apply(ctx) {
    const collective = await getCollective(ctx, ctx.tx.signers[0]!)
    if (!collective) return refuse('UNKNOWN_COLLECTIVE', 'the signing collective is not registered')
    const { device, replaces } = ctx.tx.body
    if (await ctx.state.get(keys.device(device))) return refuse('DEVICE_TAKEN', `device ${short(device)} already belongs to a collective`)
    // A restored backup takes over from the device it was taken on. That device may still
    // run; two machines must never write for it, so it is unbound in this same step (one
    // already unbound stays so; one of another collective is not this one's to replace).
    const replaced = replaces !== undefined && collective.devices.includes(replaces) ? replaces : null
    if (replaces !== undefined && !replaced) {
      const owner = await ctx.state.get(keys.device(replaces))
      if (owner) return refuse('UNKNOWN_DEVICE', `device ${short(replaces)} is not one of ${collective.name}'s`)
    }
    const kept = collective.devices.filter((d) => d !== replaced)
    if (kept.length >= 64) return refuse('TOO_MANY_DEVICES', 'a collective has at most 64 devices')
    ctx.state.del(keys.unboundDevice(device))
    ctx.state.put(keys.device(device), { collective: collective.id })
    ctx.state.put(keys.collective(collective.id), { ...collective, devices: [...kept, device] })
    if (collective.member) ctx.effects.push({ kind: 'writer.add', key: device })
    if (replaced) {
      ctx.state.del(keys.device(replaced))
      ctx.state.put(keys.unboundDevice(replaced), { collective: collective.id, tx: ctx.id, replacedBy: device })
      // The new device is a writer (above) before the old one goes, so the network keeps one.
      await refreshIndexers(ctx, collective.id)
      if (collective.member) ctx.effects.push({ kind: 'writer.remove', key: replaced })
    }
  }
}

export const deviceUnbind: Handler<'device.unbind'> = {
  signers: soleSigner,
  async apply(ctx) {
    const collective = await requireMember(ctx, ctx.tx.signers[0]!)
    if (isRefusal(collective)) return collective
    const { device } = ctx.tx.body
    if (!collective.devices.includes(device)) return refuse('UNKNOWN_DEVICE', `device ${short(device)} is not one of ${collective.name}'s`)
    if (collective.devices.length === 1) return refuse('LAST_DEVICE', 'a collective cannot remove its last device')
    ctx.state.del(keys.device(device))
    ctx.state.put(keys.unboundDevice(device), { collective: collective.id, tx: ctx.id })
    ctx.state.put(keys.collective(collective.id), { ...collective, devices: collective.devices.filter((d) => d !== device) })
    // A council member's next device takes over as its indexer before this one goes.
    await refreshIndexers(ctx, collective.id)
    ctx.effects.push({ kind: 'writer.remove', key: device })
  }
}
