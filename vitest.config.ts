import { defineConfig } from 'vitest/config'

// Unit and integration tests run in Node; browser end-to-end tests drive a real Chromium
// from inside these tests through playwright-core.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // The five-node council test (real disks, a 3-of-5 DKG and checkpoints) runs on its own with
    // `npm run test:council`: its first scenario timed out once after the merges of 2026-12-02
    // and, its scenarios depending on each other, a hang would hold CI for an hour (issue 11).
    exclude: process.env.STACHANOV_COUNCIL_E2E ? [] : ['test/integration/council-checkpoints.test.ts'],
    // The browser tests serve one build of the interface, made once per run.
    globalSetup: ['test/e2e/build-renderer.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks'
  }
})
