// "Export CSV" for a list screen: the rows it shows, saved as a CSV file.
import { useTranslation } from 'react-i18next'
import { saveFile, toCsv, type Cell } from '../csv.ts'

export function CsvButton({ fileName, columns, rows }: { fileName: string; columns: string[]; rows: () => Cell[][] }) {
  const { t } = useTranslation()
  return (
    <button type="button" onClick={() => saveFile(fileName, 'text/csv', toCsv(columns, rows()))}>
      {t('reports:csv.button')}
    </button>
  )
}
