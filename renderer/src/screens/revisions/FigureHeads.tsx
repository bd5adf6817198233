// The column heads of a final revision's figures per subsystem (§6.3): the closed months'
// table and the close preview show the same figures under the same heads.
import { useTranslation } from 'react-i18next'

export function RevisionFigureHeads() {
  const { t } = useTranslation()
  return (
    <>
      <th>{t('revisions:subsystem')}</th>
      <th className="num" title={t('revisions:aLong')}>
        a
      </th>
      <th className="num" title={t('revisions:cLong')}>
        c
      </th>
      <th className="num" title={t('revisions:wLong')}>
        w
      </th>
      <th className="num">{t('revisions:tax')}</th>
      <th className="num">{t('revisions:claimable')}</th>
    </>
  )
}
