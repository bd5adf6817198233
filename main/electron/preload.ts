// The only bridge between the sandboxed interface and the node: `call` and `on`, nothing
// else (no ipcRenderer, no Node). Bundled to CommonJS: sandboxed preloads cannot be modules.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { IPC_CALL, IPC_EVENT } from './security.ts'

contextBridge.exposeInMainWorld('stachanov', {
  call: (method: string, args: unknown) => ipcRenderer.invoke(IPC_CALL, String(method), args ?? {}),
  on: (event: string, callback: (data: unknown) => void) => {
    const listener = (_: IpcRendererEvent, message: { event: string; data: unknown }) => {
      if (message?.event === event) callback(message.data)
    }
    ipcRenderer.on(IPC_EVENT, listener)
    return () => ipcRenderer.removeListener(IPC_EVENT, listener)
  }
})
