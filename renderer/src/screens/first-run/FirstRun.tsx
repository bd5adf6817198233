// First run: create a collective, join one with an invite code, restore one from its
// recovery words, or look around in a demo economy. After creating or joining, the recovery words are shown before anything else.
import { useQueryClient } from '@tanstack/react-query'
import { useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Banners } from '../../components/Banners.tsx'
import { Backup } from './Backup.tsx'
import { CreateForm } from './CreateForm.tsx'
import { DemoList } from './DemoList.tsx'
import { JoinForm } from './JoinForm.tsx'
import { RestoreBackupForm } from './RestoreBackupForm.tsx'
import { RestoreWordsForm } from './RestoreWordsForm.tsx'

type Choice = 'create' | 'join' | 'restore' | 'demo'
const CHOICES = ['create', 'join', 'restore', 'demo'] as const

export function FirstRun({ onboarding }: { onboarding: (on: boolean) => void }) {
  const { t } = useTranslation()
  const client = useQueryClient()
  const [choice, setChoice] = useState<Choice>('create')
  const [words, setWords] = useState<string[] | null>(null)

  const finish = () => {
    onboarding(false)
    void client.invalidateQueries()
  }

  return (
    <>
      <Banners />
      <main id="main" className="stack first-run">
        <h1 id="page-title" tabIndex={-1}>
          {t('setup:welcome')}
        </h1>
        <p>{t('setup:intro')}</p>
        {words ? (
          <Backup words={words} onDone={finish} />
        ) : (
          <>
            <div
              role="tablist"
              aria-label={t('setup:choose')}
              className="row"
              onKeyDown={(e) => {
                // Arrow keys move between the tabs (WAI-ARIA tabs pattern).
                const order = CHOICES
                const step = e.key === 'ArrowRight' ? 1 : e.key === 'ArrowLeft' ? -1 : 0
                if (!step) return
                const next = order[(order.indexOf(choice) + step + order.length) % order.length]!
                setChoice(next)
                document.getElementById(`tab-${next}`)?.focus()
              }}
            >
              {CHOICES.map((c) => (
                <button
                  key={c}
                  role="tab"
                  id={`tab-${c}`}
                  aria-selected={choice === c}
                  aria-controls={`panel-${c}`}
                  tabIndex={choice === c ? 0 : -1}
                  className={choice === c ? 'primary' : ''}
                  onClick={() => setChoice(c)}
                >
                  {t(`setup:tab.${c}`)}
                </button>
              ))}
            </div>
            <section
              role="tabpanel"
              id={`panel-${choice}`}
              aria-labelledby={`tab-${choice}`}
              className="card"
            >
              {choice === 'create' && (
                <CreateForm
                  onStart={() => onboarding(true)}
                  onCreated={setWords}
                  onFail={() => onboarding(false)}
                />
              )}
              {choice === 'join' && (
                <JoinForm
                  onStart={() => onboarding(true)}
                  onJoined={setWords}
                  onFail={() => onboarding(false)}
                />
              )}
              {choice === 'restore' && (
                <div className="stack">
                  <RestoreWordsForm
                    onStart={() => onboarding(true)}
                    onRestored={finish}
                    onFail={() => onboarding(false)}
                  />
                  <hr />
                  <RestoreBackupForm
                    onStart={() => onboarding(true)}
                    onRestored={finish}
                    onFail={() => onboarding(false)}
                  />
                </div>
              )}
              {choice === 'demo' && <DemoList />}
            </section>
          </>
        )}
      </main>
    </>
  )
}
