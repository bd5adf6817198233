// What a form that books people says while the list of people could not be read (clerk finding
// 11): the node cannot be reached, or refused to answer, with a way to try again. Never the
// empty list's "add people": nobody is missing, the list is just not here.
import { useTranslation } from 'react-i18next'
import type { useWalletList } from '../../hooks.ts'
import { ErrorText, Loading } from '../../components/ui.tsx'

export function PeopleState({ people }: { people: ReturnType<typeof useWalletList> }) {
  const { t } = useTranslation()
  if (people.state === 'ready') return null
  if (people.state === 'loading') return <Loading />
  return (
    <div className="stack" role="alert" data-testid="people-unread">
      {people.state === 'unreachable' ? (
        <p className="error">{t('people:unread.unreachable')}</p>
      ) : (
        <>
          <p className="error">{t('people:unread.failed')}</p>
          <ErrorText error={people.error} reading />
        </>
      )}
      <div>
        <button type="button" onClick={people.retry}>
          {t('people:unread.retry')}
        </button>
      </div>
    </div>
  )
}
