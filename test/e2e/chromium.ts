// Debian's Chromium, driven by playwright-core (its own browser download cannot work here).
// `.ci/run` installs it; without it the browser tests are skipped, saying why.
import { existsSync } from 'node:fs'
import type { Browser } from 'playwright-core'

export const CHROMIUM = '/usr/bin/chromium'
export const hasChromium = existsSync(CHROMIUM)
export const NO_CHROMIUM = hasChromium ? '' : ` (skipped: ${CHROMIUM} is not installed; apt-get install chromium)`

/** Headless, and quiet: this machine's closed network refuses Chromium's background calls. */
export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core')
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync'
    ]
  })
}
