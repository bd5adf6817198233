// Vitest's global setup: builds the interface into renderer/dist once, before any test file
// runs, so every browser test serves the same fresh build and none rebuilds (or empties) it
// while another serves it. A run whose file filters name no browser test skips the build.
import { execFileSync } from 'node:child_process'

const root = new URL('../../', import.meta.url).pathname

/** `vitest run a.test.ts b/` → the filters; none means the whole suite. */
function fileFilters(argv: string[]): string[] {
  const afterRun = argv.slice(argv.indexOf('run') + 1)
  return afterRun.filter((arg) => !arg.startsWith('-') && /[./]/.test(arg))
}

export default function setup(): void {
  const filters = fileFilters(process.argv)
  if (filters.length > 0 && !filters.some((filter) => filter.includes('e2e'))) return
  execFileSync('npm', ['run', '--silent', 'build:renderer'], { cwd: root, stdio: 'ignore' })
}
