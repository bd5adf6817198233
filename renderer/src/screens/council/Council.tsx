// The council (docs/protocol.md §14): who sits on it and confirms the log, its threshold key
// (fingerprint and the verifier key a reader pins), where its key generation stands, and the
// latest checkpoints: what each covers and who signed it.
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { Empty, PageTitle, QueryState, Stat } from '../../components/ui.tsx'
import { shortKey } from '../../format.ts'
import { useCollectives } from '../../hooks.ts'
import CouncilKeys from './CouncilKeys.tsx'
import CouncilElection from './CouncilElection.tsx'

export default function Council() {
  const { t } = useTranslation()
  const names = useCollectives()
  const council = useApi('view.council', {})
  const list = (ids: string[]) => ids.map((id) => names.name(id)).join(', ')

  return (
    <div className="stack">
      <PageTitle>{t('council:title')}</PageTitle>
      <QueryState query={council}>
        {(c) => (
          <>
            <div className="grid">
              <Stat
                label={t('council:members')}
                value={c.elected ? t('council:threshold', { t: c.elected.threshold, n: c.elected.members.length }) : t('council:none')}
                note={c.elected ? list(c.elected.members.filter((m) => !c.elected!.left.includes(m))) : t('council:founderIndexes')}
              />
              <Stat
                label={t('council:key')}
                value={c.signing ? t('council:epoch', { epoch: c.signing.epoch }) : t('council:noKey')}
                note={c.signing ? <code title={c.signing.groupKey}>{shortKey(c.signing.groupKey)}</code> : undefined}
              />
              <Stat
                label={t('council:confirmed')}
                value={t('council:ofEntries', { done: c.confirmed, total: c.length })}
                note={c.checkpointed > 0 ? t('council:checkpointedTo', { length: c.checkpointed }) : t('council:noCheckpoint')}
              />
              {c.dkg && c.dkg.stage !== 'done' && (
                <Stat
                  label={t('council:dkg')}
                  value={t(`council:stage.${c.dkg.stage}`)}
                  note={c.dkg.excluded.length > 0 ? t('council:excluded', { names: list(c.dkg.excluded.map((e) => e.id)) }) : undefined}
                />
              )}
            </div>
            {c.signing && <CouncilKeys verifierKey={c.signing.verifierKey} groupKey={c.signing.groupKey} />}
            <CouncilElection />
            <section>
              <h2>{t('council:checkpoints')}</h2>
              {c.checkpoints.length === 0 ? (
                <Empty>{t('council:noCheckpoint')}</Empty>
              ) : (
                <table>
                  <thead>
                    <tr>
                      <th>{t('council:covers')}</th>
                      <th>{t('council:epochColumn')}</th>
                      <th>{t('council:signedBy')}</th>
                      <th>{t('council:named')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {c.checkpoints.map((cp) => (
                      <tr key={cp.length}>
                        <td>{t('council:entries', { count: cp.length })}</td>
                        <td>{cp.epoch}</td>
                        <td>{list(cp.signers)}</td>
                        <td>{cp.bad.length > 0 ? list(cp.bad) : '–'}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </section>
            {c.handOvers.length > 0 && (
              <section>
                <h2>{t('council:handOvers')}</h2>
                <ul>
                  {c.handOvers.map((h) => (
                    <li key={h.epoch}>{t('council:handOver', { epoch: h.epoch, names: list(h.signers) })}</li>
                  ))}
                </ul>
              </section>
            )}
          </>
        )}
      </QueryState>
    </div>
  )
}
