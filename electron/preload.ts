/**
 * The sandboxed preload: exposes `window.api` (DesktopApi), one named function per command and a
 * subscription limited to the declared events. Never ipcRenderer, never a generic invoke(channel)
 * (STYLE.md habit 1). Bundled into one CommonJS file (electron.vite.config.ts).
 */
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { commandChannel, commandNames, eventChannel, isEventName, type CommandFunctions, type DesktopApi } from '../shared/contract';

function buildCommands(): CommandFunctions {
  const entries = commandNames.map((name) => [name, (input: unknown) => ipcRenderer.invoke(commandChannel(name), input)]);
  return Object.freeze(Object.fromEntries(entries)) as CommandFunctions;
}

export const api: DesktopApi = {
  commands: buildCommands(),
  on(event, listener) {
    if (!isEventName(event)) throw new Error(`Evento desconhecido: ${String(event)}`);
    const channel = eventChannel(event);
    // The IpcRendererEvent carries `sender`; it must not reach the page.
    const wrapped = (_e: IpcRendererEvent, payload: unknown) => listener(payload as Parameters<typeof listener>[0]);
    ipcRenderer.on(channel, wrapped);
    return () => {
      ipcRenderer.removeListener(channel, wrapped);
    };
  },
};

contextBridge.exposeInMainWorld('api', api);
