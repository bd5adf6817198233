import { useTranslation } from 'react-i18next'
import { PageTitle } from '../../components/ui.tsx'

export default function Log() {
  const { t } = useTranslation()
  return <PageTitle>{t('nav.log')}</PageTitle>
}
