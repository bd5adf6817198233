import { QueryClientProvider } from '@tanstack/react-query'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { HashRouter } from 'react-router'
import { queryClient, watchUpdates } from './api.ts'
import { App } from './App.tsx'
import { getBridge } from './bridge.ts'
import { initI18n } from './i18n/index.ts'
import { applyTheme, initialTheme } from './theme.ts'

applyTheme(initialTheme())
// Pick the bridge first: it takes the token out of the URL before the router reads the hash.
getBridge()
await initI18n()
watchUpdates(queryClient)

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queryClient}>
      <HashRouter>
        <App />
      </HashRouter>
    </QueryClientProvider>
  </StrictMode>
)
