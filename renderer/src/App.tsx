// Decides between the first-run screens and the app, and maps addresses to screens. Screens
// load on first visit so an old laptop starts quickly.
import { lazy, useState } from 'react'
import { Route, Routes } from 'react-router'
import { useApi } from './api.ts'
import { Banners } from './components/Banners.tsx'
import { Layout } from './components/Layout.tsx'
import { Toasts } from './components/toasts.tsx'
import { ErrorText, Loading } from './components/ui.tsx'
import { FirstRun } from './screens/first-run/FirstRun.tsx'

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
  const status = useApi('node.status', {}, { refetchInterval: 15_000 })
  // Stay on the first-run screens until the person has seen the recovery words.
  const [onboarding, setOnboarding] = useState(false)

  let content
  if (status.error)
    content = (
      <main id="main" className="stack">
        <Banners />
        <ErrorText error={status.error} />
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
