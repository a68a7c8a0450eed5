/**
 * A start by the system (the login item "Abrir com o sistema" registers, with --hidden): SVA Desk
 * opens in the tray with its host working and no window; the shortcut clicked then shows it.
 * Its own file: main.ts runs once per module registry, and this start differs from main.test's.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { HIDDEN_ARG } from '../../../electron/tray';
import { app, BrowserWindow, fakeEvent, Tray } from '../../mocks/electron';

vi.mock('electron-updater', () => ({ default: { autoUpdater: { on: () => undefined } } }));

beforeAll(async () => {
  process.env.SVA_DESK_USER_DATA = mkdtempSync(join(tmpdir(), 'sva-main-hidden-'));
  process.argv.push(HIDDEN_ARG);
  app.isPackaged = false; // no updater, and the login item is not touched in development
  await import('../../../electron/main');
  await vi.waitFor(() => expect(Tray.trays).toHaveLength(1), { timeout: 30_000 });
});
afterAll(() => {
  process.argv.splice(process.argv.indexOf(HIDDEN_ARG), 1);
  delete process.env.SVA_DESK_USER_DATA;
});

describe('started by the system at login', () => {
  it('opens in the tray, without the window, with the host answering', async () => {
    await vi.waitFor(() => expect(Tray.trays[0].toolTip).toBe('SVA Desk — tudo transmitido, rotina diária às 04:00'), { timeout: 20_000 });
    expect(BrowserWindow.windows).toHaveLength(0);
  });

  it('the shortcut clicked again shows the window', () => {
    app.emit('second-instance', fakeEvent(), [], '/');
    expect(BrowserWindow.windows).toHaveLength(1);
    expect(BrowserWindow.windows[0].loadedUrl).toBe('app://sva-desk/index.html');
  });

  it('Sair stops the host and quits', async () => {
    Tray.trays[0].click('Sair');
    await vi.waitFor(() => expect(app.quitted).toBe(true), { timeout: 20_000 });
  });
});
