// The frame around every screen: skip link, top bar, navigation, banners, and focus moved to
// the page title when the screen changes (keyboard and screen-reader users land on it).
import { Suspense, useEffect, useRef } from 'react'
import { useTranslation } from 'react-i18next'
import { NavLink, Outlet, useLocation } from 'react-router'
import type { NodeStatus } from '../api-types.ts'
import { Banners } from './Banners.tsx'
import { TopBar } from './TopBar.tsx'
import { Loading } from './ui.tsx'

export const SCREENS = [
  { path: '/', key: 'overview' },
  { path: '/trust', key: 'trust' },
  { path: '/products', key: 'products' },
  { path: '/stock', key: 'stock' },
  { path: '/orders', key: 'orders' },
  { path: '/people', key: 'people' },
  { path: '/revisions', key: 'revisions' },
  { path: '/shop', key: 'shop' },
  { path: '/log', key: 'log' },
  { path: '/council', key: 'council' },
  { path: '/reports', key: 'reports' },
  { path: '/settings', key: 'settings' }
] as const

export function Layout({ status }: { status: NodeStatus }) {
  const { t } = useTranslation()
  const location = useLocation()
  const first = useRef(true)
  useEffect(() => {
    if (first.current) {
      first.current = false
      return
    }
    document.getElementById('page-title')?.focus()
  }, [location.pathname])

  return (
    <div className="app">
      <a className="skip-link" href="#main">
        {t('skipToContent')}
      </a>
      <TopBar status={status} />
      <Banners status={status} />
      <nav className="sidebar" aria-label={t('nav.label')}>
        <ul>
          {SCREENS.map((s) => (
            <li key={s.key}>
              <NavLink to={s.path} end={s.path === '/'}>
                {t(`nav.${s.key}`)}
              </NavLink>
            </li>
          ))}
        </ul>
      </nav>
      <main id="main" tabIndex={-1}>
        <Suspense fallback={<Loading />}>
          <Outlet />
        </Suspense>
      </main>
    </div>
  )
}
