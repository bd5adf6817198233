// Decides between the first-run screens and the app, and maps addresses to screens. Screens
// load on first visit so an old laptop starts quickly.
import { lazy, useEffect, useRef, useState } from 'react'
import { useTranslation } from 'react-i18next'
import { Route, Routes } from 'react-router'
import { call, useApi } from './api.ts'
import { Banners } from './components/Banners.tsx'
import { FAULT_CODES } from './components/FaultBanner.tsx'
import { Layout } from './components/Layout.tsx'
import { notify, Toasts } from './components/toasts.tsx'
import { ErrorText, Loading } from './components/ui.tsx'
import { FirstRun } from './screens/first-run/FirstRun.tsx'
import { followKeptLanguage, keepLanguageWith } from './i18n/index.ts'

const Overview = lazy(() => import('./screens/overview/Overview.tsx'))
const Trust = lazy(() => import('./screens/trust/Trust.tsx'))
const Products = lazy(() => import('./screens/products/Products.tsx'))
const ProductDetail = lazy(() => import('./screens/products/ProductDetail.tsx'))
const Stock = lazy(() => import('./screens/stock/Stock.tsx'))
const Orders = lazy(() => import('./screens/orders/Orders.tsx'))
const People = lazy(() => import('./screens/people/People.tsx'))
const Revisions = lazy(() => import('./screens/revisions/Revisions.tsx'))
const Shop = lazy(() => import('./screens/shop/Shop.tsx'))
const Log = lazy(() => import('./screens/log/Log.tsx'))
const Settings = lazy(() => import('./screens/settings/Settings.tsx'))
const Council = lazy(() => import('./screens/council/Council.tsx'))
const Reports = lazy(() => import('./screens/reports/Reports.tsx'))

export function App() {
  const { t } = useTranslation()
  const status = useApi('node.status', {}, { refetchInterval: 15_000 })
  // Stay on the first-run screens until the person has seen the recovery words.
  const [onboarding, setOnboarding] = useState(false)
  // The language is kept with the node, so a restart on another address keeps it; a failed
  // save is said, since the choice would otherwise be lost at the next start.
  useEffect(
    () =>
      keepLanguageWith((language) => {
        call('interface.language', { language }).catch(() => notify('bad', t('languageNotKept')))
      }),
    [t]
  )
  const language = status.data ? status.data.language : undefined
  const followed = useRef(false)
  useEffect(() => {
    if (language === undefined || followed.current) return
    followed.current = true
    followKeptLanguage(language)
  }, [language])

  let content
  if (status.error)
    content = (
      <main id="main" className="stack">
        <Banners />
        {/* A fault (a full disk, say) is told by its banner, with what to do; a node that
            cannot read its data at all on a full disk (it met it while opening) says why the
            screens are missing. */}
        {status.error.code === 'DISK_FULL' ? (
          <ErrorText error={status.error} reading />
        ) : (
          !FAULT_CODES.has(status.error.code) && <ErrorText error={status.error} />
        )}
      </main>
    )
  else if (!status.data)
    content = (
      <main id="main">
        <Banners />
        <Loading />
      </main>
    )
  else if ((status.data.state === 'new' && !status.data.demo) || onboarding)
    content = <FirstRun onboarding={setOnboarding} />
  else
    content = (
      <Routes>
        <Route element={<Layout status={status.data} />}>
          <Route index element={<Overview />} />
          <Route path="trust" element={<Trust />} />
          <Route path="products" element={<Products />} />
          <Route path="products/:id" element={<ProductDetail />} />
          <Route path="stock" element={<Stock />} />
          <Route path="orders" element={<Orders />} />
          <Route path="people" element={<People />} />
          <Route path="revisions" element={<Revisions />} />
          <Route path="shop" element={<Shop />} />
          <Route path="log" element={<Log />} />
          <Route path="council" element={<Council />} />
          <Route path="settings" element={<Settings />} />
          <Route path="reports" element={<Reports />} />
          <Route path="*" element={<Overview />} />
        </Route>
      </Routes>
    )
  return (
    <>
      {content}
      <Toasts />
    </>
  )
}
