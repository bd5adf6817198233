import { defineConfig } from 'vitest/config'

// Unit and integration tests run in Node; browser end-to-end tests drive a real Chromium
// from inside these tests through playwright-core.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks'
  }
})
