// The desktop app on a data directory that cannot be opened: the person sees a dialog with
// the node's sentence (here: a settings file holding null), and the app exits, rather than a
// stack trace on a console nobody reads. Electron is a stand-in, as in electron-main.test.ts.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it, vi } from 'vitest'

const captured = vi.hoisted(() => ({ boxes: [] as Array<[string, string]>, exited: null as number | null }))

vi.mock('electron', () => ({
  app: {
    whenReady: async () => {},
    isPackaged: true,
    getPath: () => tmpdir(),
    on: () => {},
    quit: () => {},
    exit: (code: number) => (captured.exited = code)
  },
  BrowserWindow: class {},
  dialog: { showErrorBox: (title: string, content: string) => captured.boxes.push([title, content]) },
  ipcMain: { handle: () => {} },
  protocol: { registerSchemesAsPrivileged: () => {}, handle: () => {} },
  session: { defaultSession: { setPermissionRequestHandler: () => {}, setPermissionCheckHandler: () => {} } },
  shell: { openExternal: async () => {} }
}))

const data = mkdtempSync(join(tmpdir(), 'stachanov-electron-start-'))
writeFileSync(join(data, 'settings.json'), 'null')
process.env.STACHANOV_DATA = data
afterAll(() => rmSync(data, { recursive: true, force: true }))

describe('the desktop app on a broken data directory', () => {
  it('shows why it cannot start, in a sentence, and exits', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    await import('../../main/electron/main.ts')
    await vi.waitFor(() => expect(captured.exited).toBe(1), { timeout: 20_000 })
    expect(captured.boxes).toEqual([['Stachanov cannot start', expect.stringMatching(/settings\.json holds null, not a JSON object .*\n\n\(BAD_SETTINGS\)$/)]])
    expect(errors.mock.calls.flat().join('\n')).not.toMatch(/\n\s+at /)
    errors.mockRestore()
  })
})
