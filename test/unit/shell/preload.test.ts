import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { commandNames, eventChannel, type DesktopApi, type NetworkStatus } from '../../../shared/contract';
import { registerIpc } from '../../../electron/ipc';
import { createHost } from '../../../electron/host/host';
import { dispatcher } from '../../../electron/host/dispatch';
import { createDevelopmentCipher } from '../../../electron/host/vault';
import { systemClock } from '../../../electron/host/ports';
import { contextBridge, ipcMain, ipcRenderer } from '../../mocks/electron';

let api: DesktopApi;
let unregister: () => void;
beforeAll(async () => {
  await import('../../../electron/preload');
  api = contextBridge.exposed.api as DesktopApi;
  const host = await createHost({
    host: 'electron',
    version: '1.2.3',
    platform: 'win32',
    dataDir: mkdtempSync(join(tmpdir(), 'shell-')),
  cipher: createDevelopmentCipher(mkdtempSync(join(tmpdir(), 'shell-key-'))),
    secureStorage: () => 'available',
    isOnline: () => false,
    openExternal: async () => undefined,
    emit: () => undefined,
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: systemClock,
  });
  unregister = registerIpc(ipcMain, dispatcher(host.handlers));
});
afterAll(() => unregister());

describe('preload bridge', () => {
  it('exposes exactly one function per command and the event subscription, nothing generic', () => {
    expect(Object.keys(api).sort()).toEqual(['commands', 'on']);
    expect(Object.keys(api.commands).sort()).toEqual([...commandNames].sort());
    expect(api).not.toHaveProperty('invoke');
    expect(api).not.toHaveProperty('ipcRenderer');
  });

  it('reaches main through the IPC wrapper', async () => {
    const res = await api.commands['app.info']({});
    expect(res).toEqual({ ok: true, data: { name: 'SVA Desk', version: '1.2.3', platform: 'win32', host: 'electron', secureStorage: 'available', online: false, network: expect.objectContaining({ online: false, osOnline: false, platforms: [] }) } });
  });

  it('delivers a declared event until the listener unsubscribes', () => {
    const seen: NetworkStatus[] = [];
    const off = api.on('network.status', (p) => seen.push(p));
    ipcRenderer.emitFromMain(eventChannel('network.status'), { online: true, checkedAt: '2026-01-01T00:00:00.000Z' });
    off();
    ipcRenderer.emitFromMain(eventChannel('network.status'), { online: false, checkedAt: '2026-01-01T00:00:05.000Z' });
    expect(seen).toEqual([{ online: true, checkedAt: '2026-01-01T00:00:00.000Z' }]);
    expect(ipcRenderer.listenerCount(eventChannel('network.status'))).toBe(0);
  });

  it('refuses to subscribe to an undeclared event', () => {
    const on = api.on as (e: string, l: () => void) => () => void;
    expect(() => on('cmd:app.info', () => undefined)).toThrow(/Evento desconhecido/);
  });
});
