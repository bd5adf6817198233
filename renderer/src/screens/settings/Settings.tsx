// Settings: devices, key backup, a backup file, network (bootstrap nodes, direct peers, folder sync with
// progress), language and theme.
import { useTranslation } from 'react-i18next'
import { Field, PageTitle } from '../../components/ui.tsx'
import { setLanguage, type Language } from '../../i18n/index.ts'
import { useTheme, type Theme } from '../../theme.ts'
import { BackupFile } from './BackupFile.tsx'
import { BindRestored } from './BindRestored.tsx'
import { Devices } from './Devices.tsx'
import { KeyBackup } from './KeyBackup.tsx'
import { Network } from './Network.tsx'

export default function Settings() {
  const { t, i18n } = useTranslation()
  const [theme, setTheme] = useTheme()
  return (
    <div className="stack">
      <PageTitle>{t('settings:title')}</PageTitle>
      <section className="card stack" aria-labelledby="look-title">
        <h2 id="look-title">{t('settings:look')}</h2>
        <div className="row">
          <Field label={t('language')}>
            {(p) => (
              <select
                {...p}
                value={i18n.language}
                onChange={(e) => setLanguage(e.target.value as Language)}
              >
                <option value="en">English</option>
                <option value="de">Deutsch</option>
              </select>
            )}
          </Field>
          <Field label={t('theme.label')}>
            {(p) => (
              <select {...p} value={theme} onChange={(e) => setTheme(e.target.value as Theme)}>
                <option value="light">{t('theme.light')}</option>
                <option value="dark">{t('theme.dark')}</option>
              </select>
            )}
          </Field>
        </div>
      </section>
      <Network />
      <BindRestored />
      <Devices />
      <KeyBackup />
      <BackupFile />
    </div>
  )
}
