import { useTranslation } from 'react-i18next'
import { PageTitle } from '../../components/ui.tsx'

export default function Revisions() {
  const { t } = useTranslation()
  return <PageTitle>{t('nav.revisions')}</PageTitle>
}
