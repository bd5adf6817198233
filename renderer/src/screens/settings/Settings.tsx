import { useTranslation } from 'react-i18next'
import { PageTitle } from '../../components/ui.tsx'

export default function Settings() {
  const { t } = useTranslation()
  return <PageTitle>{t('nav.settings')}</PageTitle>
}
