// Reports and exports: make this collective's signed report of a closed month (JSON, PDF,
// CSV), verify any report by dropping its file, and export the log and the economic events.
import { useTranslation } from 'react-i18next'
import { useApi } from '../../api.ts'
import { PageTitle } from '../../components/ui.tsx'
import { MakeReport } from './MakeReport.tsx'
import { VerifyReport } from './VerifyReport.tsx'
import { Exports } from './Exports.tsx'

export default function Reports() {
  const { t } = useTranslation()
  const revisions = useApi('view.revisions', {})
  const periods = [...new Set((revisions.data ?? []).map((r) => r.period))].sort().reverse()
  return (
    <div className="stack">
      <PageTitle>{t('reports:title')}</PageTitle>
      <p className="muted">{t('reports:explain')}</p>
      <VerifyReport />
      <MakeReport periods={periods} />
      <Exports />
    </div>
  )
}
