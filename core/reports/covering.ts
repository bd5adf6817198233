// The checkpoint that covers a report's statements, found in the view: the latest one the
// council signed (checkpoints only grow, so if it does not cover a statement, none does yet),
// with the group key that signed it and the hand-overs a reader may follow from an older key.
import { parseCheckpoint, verifyCheckpoint } from '../checkpoint/checkpoint.ts'
import { groupKeyOf } from '../checkpoint/frost.ts'
import { parseHandOver } from '../checkpoint/handover.ts'
import { parseNote } from '../checkpoint/note.ts'
import { councilKeys, type CheckpointRecord } from '../ledger/council-signing.ts'
import { keys } from '../ledger/keys.ts'
import type { SigningCouncilRecord } from '../ledger/records.ts'
import type { KeyValueStore } from '../ledger/store.ts'
import type { CheckpointInput } from './sign.ts'

/** The latest checkpoint, if it covers the statements up to leaf index `last`; else undefined (the report says "not covered"). */
export async function coveringCheckpoint(store: KeyValueStore, last: number): Promise<CheckpointInput | undefined> {
  const latest = (await store.get(councilKeys.latest)) as number | undefined
  if (latest === undefined) return undefined
  const record = (await store.get(councilKeys.checkpoint(latest))) as CheckpointRecord | undefined
  if (!record) return undefined
  const note = parseNote(record.note)
  const checkpoint = note.ok ? parseCheckpoint(note.value.text) : note
  if (!checkpoint.ok || checkpoint.value.statements.count <= last) return undefined

  const handOvers: string[] = []
  for await (const [, value] of store.range({ gte: councilKeys.handOvers, lt: councilKeys.handOvers + '\uffff' })) handOvers.push((value as { note: string }).note)
  // The keys this view knows: the council signing now, the next one, and each handed over to.
  const candidates: string[] = []
  for (const council of [keys.councilSigning, keys.councilNext]) {
    const signing = (await store.get(council)) as SigningCouncilRecord | undefined
    if (signing) candidates.push(groupKeyOf(signing.key))
  }
  for (const handOver of handOvers) {
    const parsed = parseNote(handOver)
    const h = parsed.ok ? parseHandOver(parsed.value.text) : parsed
    if (h.ok) candidates.push(h.value.key)
  }
  const councilKey = candidates.find((key) => verifyCheckpoint(record.note, checkpoint.value.network, key).ok)
  if (!councilKey) return undefined
  return { note: record.note, councilKey, ...(handOvers.length > 0 ? { handOvers } : {}) }
}
