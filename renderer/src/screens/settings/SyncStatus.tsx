// Sync you can see: each neighbouring device by its collective's name, connected or when it
// was last seen, and whether our copies agree or how many entries apart they are, either way;
// and our own entries that no neighbour has received yet.
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { Empty, QueryState } from '../../components/ui.tsx'
import { formatDate, shortKey } from '../../format.ts'
import type { Result } from '../../api-types.ts'

type Neighbour = Result<'network.sync'>['neighbours'][number]

function State({ n }: { n: Neighbour }) {
  const { t } = useTranslation()
  if (!n.known) return <span className="muted">{t('settings:sync.unknown')}</span>
  if (n.inSync) return <span className="badge ok">{t('settings:sync.inSync')}</span>
  return (
    <span className="badge warn">
      {[
        n.ahead > 0 ? t('settings:sync.theyLack', { count: n.ahead }) : null,
        n.behind > 0 ? t('settings:sync.weLack', { count: n.behind }) : null
      ]
        .filter(Boolean)
        .join('; ')}
    </span>
  )
}

export function SyncStatus() {
  const { t } = useTranslation()
  const sync = useApi('network.sync', {}, { refetchInterval: 5_000 })
  return (
    <div className="stack" data-testid="sync-status">
      <h3>{t('settings:sync.title')}</h3>
      <QueryState query={sync}>
        {(s) => (
          <>
            {s.neighbours.length === 0 ? (
              <Empty>{t('settings:sync.none')}</Empty>
            ) : (
              <div className="table-wrap">
                <table>
                  <thead>
                    <tr>
                      <th scope="col">{t('settings:sync.neighbour')}</th>
                      <th scope="col">{t('settings:sync.connection')}</th>
                      <th scope="col">{t('settings:sync.state')}</th>
                    </tr>
                  </thead>
                  <tbody>
                    {s.neighbours.map((n) => (
                      <tr key={n.writer} data-writer={n.writer}>
                        <td>
                          {n.collective?.name ?? t('settings:sync.unnamed')}{' '}
                          <span className="muted mono" title={n.writer}>
                            {shortKey(n.writer)}
                          </span>
                        </td>
                        <td>
                          {n.connected
                            ? t('settings:sync.connected')
                            : n.lastSeen
                              ? t('settings:sync.lastSeen', { when: formatDate(n.lastSeen, true) })
                              : t('settings:sync.neverSeen')}
                        </td>
                        <td>
                          <State n={n} />
                        </td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              </div>
            )}
            <p role="status" className={s.unsent > 0 ? 'warn' : 'muted'}>
              {s.unsent > 0
                ? t('settings:sync.unsent', { count: s.unsent })
                : t('settings:sync.allReceived')}
            </p>
            {s.unsentIds.length > 0 && (
              <ul className="mono" aria-label={t('settings:sync.unsentList')}>
                {s.unsentIds.map((id) => (
                  <li key={id} title={id}>
                    {shortKey(id)}
                  </li>
                ))}
              </ul>
            )}
          </>
        )}
      </QueryState>
    </div>
  )
}
