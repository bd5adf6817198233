// Electron is an optional dependency that does not install on machines without internet (its
// binary is downloaded at install time), and its types come with it. This stands in for the
// few names the shell uses, so the project type-checks either way; the shell annotates the
// callback parameters itself.
declare module 'electron' {
  export const app: any
  export const BrowserWindow: any
  export type BrowserWindow = any
  export const ipcMain: any
  export const ipcRenderer: any
  export type IpcRendererEvent = any
  export const contextBridge: any
  export const protocol: any
  export const session: any
  export const shell: any
  export const dialog: any
  export const net: any
}
