import { useEffect, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Link } from 'react-router'
import type { NodeStatus } from '../api-types.ts'
import { getBridge } from '../bridge.ts'
import { useMe } from '../hooks.ts'
import { setLanguage, type Language } from '../i18n/index.ts'
import { useTheme } from '../theme.ts'

/** Peers from the last 'peers' event, else from the node's status. */
function usePeerCount(initial: number): number {
  const [count, setCount] = useState<number | null>(null)
  useEffect(() => getBridge().on('peers', ({ count }) => setCount(count)), [])
  return count ?? initial
}

export function TopBar({ status }: { status: NodeStatus }) {
  const me = useMe()
  const { t, i18n } = useTranslation()
  const [theme, setTheme] = useTheme()
  const peers = usePeerCount(status.state === 'ready' ? (status.peers?.length ?? 0) : 0)
  const roles = (me?.roles ?? []).map((r) => t(`role.${r}`)).join(', ')
  return (
    <header className="topbar">
      <span className="brand">Stachanov</span>
      <span>
        <strong>{me?.name ?? t('unnamed')}</strong> <span className="muted">{roles}</span>
      </span>
      <span className="spacer" />
      <Link to="/settings#network" className="muted">
        {peers === 0 ? t('sync.offline') : t('sync.peers', { count: peers })}
      </Link>
      <label className="visually-hidden" htmlFor="top-language">
        {t('language')}
      </label>
      <select
        id="top-language"
        value={i18n.language}
        onChange={(e) => setLanguage(e.target.value as Language)}
      >
        <option value="en">English</option>
        <option value="de">Deutsch</option>
      </select>
      <button
        onClick={() => setTheme(theme === 'dark' ? 'light' : 'dark')}
        aria-pressed={theme === 'dark'}
      >
        {t('theme.dark')}
      </button>
    </header>
  )
}
