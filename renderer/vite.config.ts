// Builds the one React interface that both hosts serve: Electron loads renderer/dist/index.html
// from file://, the headless server serves the same files at its root. Hence base './'.
import { fileURLToPath } from 'node:url'
import react from '@vitejs/plugin-react'
import { defineConfig, type Plugin } from 'vite'

const root = fileURLToPath(new URL('.', import.meta.url))

/**
 * Strict Content Security Policy: no inline scripts, no eval, connections only to the page's own
 * origin (the local server's WebSocket). Inline style *attributes* set through the DOM by React are
 * not affected by style-src. Only added to the built page: the dev server injects styles inline.
 */
export const CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'"
].join('; ')

function csp(): Plugin {
  return {
    name: 'stachanov-csp',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: CSP },
        injectTo: 'head-prepend'
      }
    ]
  }
}

export default defineConfig({
  root,
  base: './',
  plugins: [react(), csp()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // An old office laptop runs a recent Chromium through Electron or its browser.
    target: 'es2022',
    chunkSizeWarningLimit: 1500,
    // No inline scripts (strict CSP): the module preload polyfill is not needed either.
    modulePreload: { polyfill: false }
  },
  // `STACHANOV_API=http://127.0.0.1:PORT npm run dev:renderer`, then open the dev server with the
  // node's #token=…: the WebSocket goes through this proxy to a running `stachanov serve`.
  server: {
    port: 5173,
    strictPort: false,
    ...(process.env.STACHANOV_API
      ? { proxy: { '/api': { target: process.env.STACHANOV_API, ws: true } } }
      : {})
  }
})
