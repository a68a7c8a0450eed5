import { EXTERNAL_REFUSED } from '../../../electron/host/external-links';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commandChannel, commandNames } from '../../../shared/contract';
import { registerIpc } from '../../../electron/ipc';
import { createHost } from '../../../electron/host/host';
import { dispatcher } from '../../../electron/host/dispatch';
import { createDevelopmentCipher } from '../../../electron/host/vault';
import { systemClock, type HostPorts } from '../../../electron/host/ports';
import { fakeInvokeEvent, ipcMain } from '../../mocks/electron';

const opened: string[] = [];
const ports: HostPorts = {
  host: 'electron',
  version: '9.9.9',
  platform: 'linux',
  dataDir: mkdtempSync(join(tmpdir(), 'shell-')),
  cipher: createDevelopmentCipher(mkdtempSync(join(tmpdir(), 'shell-key-'))),
  secureStorage: () => 'available',
  isOnline: () => true,
  openExternal: async (url) => {
    opened.push(url);
  },
  emit: () => undefined,
  logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  clock: systemClock,
};

let unregister: () => void;
beforeEach(async () => {
  opened.length = 0;
  unregister = registerIpc(ipcMain, dispatcher((await createHost(ports)).handlers));
});
afterEach(() => unregister());

const app = fakeInvokeEvent({ url: 'app://sva-desk/index.html' });
const openLink = (event: ReturnType<typeof fakeInvokeEvent>, url: string) => ipcMain.invoke(commandChannel('app.openExternal'), event, { url });

describe('IPC wrapper', () => {
  it('registers one channel per command of the contract and nothing else', () => {
    expect(ipcMain.channels().sort()).toEqual(commandNames.map(commandChannel).sort());
  });

  it('answers a valid call from the app window', async () => {
    const res = await ipcMain.invoke(commandChannel('app.info'), app, {});
    expect(res).toMatchObject({ ok: true, data: { name: 'SVA Desk', version: '9.9.9', host: 'electron' } });
  });

  it('drops a call from a foreign page before it reaches the handler', async () => {
    const res = await openLink(fakeInvokeEvent({ url: 'https://evil.example' }), 'https://evil.example/phish');
    expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
    expect(opened).toEqual([]);
  });

  it('drops a call from a subframe, even one of the app origin', async () => {
    const res = await openLink(fakeInvokeEvent({ url: 'app://sva-desk/index.html', isMainFrame: false }), 'https://campsoft.com.br');
    expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
    expect(opened).toEqual([]);
  });

  it('drops a call whose sender frame is gone', async () => {
    const res = await ipcMain.invoke(commandChannel('app.info'), { senderFrame: null, sender: { id: 1 } }, {});
    expect(res).toMatchObject({ ok: false, code: 'FORBIDDEN_SENDER' });
  });

  it('never lets an invalid payload reach the handler', async () => {
    const res = await ipcMain.invoke(commandChannel('app.openExternal'), app, { url: 42, extra: true });
    expect(res).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    expect(opened).toEqual([]);
  });

  it('runs a valid command from the app and returns its result', async () => {
    expect(await openLink(app, 'https://campsoft.com.br/ajuda')).toEqual({ ok: true, data: { opened: true } });
    expect(opened).toEqual(['https://campsoft.com.br/ajuda']);
  });

  it('turns a refused link into a Portuguese failure, not a thrown error', async () => {
    const res = await openLink(app, 'file:///etc/passwd');
    expect(res).toMatchObject({ ok: false, code: 'INVALID_URL', message: EXTERNAL_REFUSED });
    // https to a site the app does not link to is refused too
    expect(await openLink(app, 'https://example.com/')).toMatchObject({ ok: false, code: 'INVALID_URL' });
    expect(opened).toEqual([]);
  });
});
