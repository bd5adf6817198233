import { useTranslation } from 'react-i18next'
import { PageTitle } from '../../components/ui.tsx'

export default function Trust() {
  const { t } = useTranslation()
  return <PageTitle>{t('nav.trust')}</PageTitle>
}
