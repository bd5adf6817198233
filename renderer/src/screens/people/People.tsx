// People and work: the workers' wallets (create one: a printable card with a QR code and the
// recovery words), a time sheet for a week of work, and a CSV import of a month.
import { useTranslation } from 'react-i18next'
import { PageTitle } from '../../components/ui.tsx'
import { CsvImport } from './CsvImport.tsx'
import { PeopleList } from './PeopleList.tsx'
import { TimeSheet } from './TimeSheet.tsx'
import { WalletCreate } from './WalletCreate.tsx'

export default function People() {
  const { t } = useTranslation()
  return (
    <div className="stack">
      <PageTitle>{t('people:title')}</PageTitle>
      <PeopleList />
      <WalletCreate />
      <TimeSheet />
      <CsvImport />
    </div>
  )
}
