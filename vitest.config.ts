import { defineConfig } from 'vitest/config'

// Unit and integration tests run in Node; browser end-to-end tests drive a real Chromium
// from inside these tests through playwright-core.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The five-node council test (real disks, a 3-of-5 DKG and checkpoints) runs on its own with
    // `npm run test:council` (issue 11). Its timeouts had two causes, both fixed: confirmation
    // stalling with several indexers (core/network/confirm-watch.ts) and a restarted member's
    // lost commitments stalling round after round (`replace`, §14.3). Since then green twice
    // (17 and 14 min at load 30-43 on 2 cores); it joins `npm test` after a third green run.
    exclude: process.env.STACHANOV_COUNCIL_E2E ? [] : ['test/integration/council-checkpoints.test.ts'],
    // The browser tests serve one build of the interface, made once per run.
    globalSetup: ['test/e2e/build-renderer.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks'
  }
})
