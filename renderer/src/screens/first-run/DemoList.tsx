import { useTranslation } from 'react-i18next'
import { useApi, useCall } from '../../api.ts'
import { Empty, ErrorText, QueryState } from '../../components/ui.tsx'

/** Shipped scenarios a newcomer can open to look around. */
export function DemoList() {
  const { t } = useTranslation()
  const scenarios = useApi('setup.scenarios', {})
  const open = useCall('setup.demo')
  return (
    <div className="stack">
      <h2>{t('setup:demo.title')}</h2>
      <p className="muted">{t('setup:demo.explain')}</p>
      <QueryState query={scenarios}>
        {(list) =>
          list.length === 0 ? (
            <Empty>{t('setup:demo.none')}</Empty>
          ) : (
            <ul className="stack">
              {list.map((s) => (
                <li key={s.file}>
                  <strong>{s.title}</strong>
                  {s.description && <p className="muted">{s.description}</p>}
                  <button
                    onClick={() => open.mutate({ scenario: s.file })}
                    disabled={open.isPending}
                    aria-label={t('setup:demo.openNamed', { title: s.title })}
                  >
                    {open.isPending && open.variables?.scenario === s.file
                      ? t('setup:demo.opening')
                      : t('setup:demo.open')}
                  </button>
                </li>
              ))}
            </ul>
          )
        }
      </QueryState>
      <ErrorText error={open.error} />
    </div>
  )
}
