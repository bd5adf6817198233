// Bundles the Electron main process (an ES module) and the preload (CommonJS, as sandboxed
// preloads must be) into out/electron/. Dependencies stay external: electron-builder packs
// node_modules, with native prebuilds unpacked from the asar.
import { build } from 'esbuild'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

await build({
  entryPoints: [`${root}main/electron/main.ts`],
  outfile: `${root}out/electron/main.mjs`,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node22',
  packages: 'external',
  sourcemap: true,
  logLevel: 'warning'
})

await build({
  entryPoints: [`${root}main/electron/preload.ts`],
  outfile: `${root}out/electron/preload.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node22',
  external: ['electron'],
  logLevel: 'warning'
})

console.log('built out/electron/main.mjs and out/electron/preload.cjs')
