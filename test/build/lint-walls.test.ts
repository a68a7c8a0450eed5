import { ESLint } from 'eslint';
import { beforeAll, describe, expect, it } from 'vitest';

// Runs the project's real eslint.config.js: these are the walls of ARCHITECTURE.md.
let eslint: ESLint;
beforeAll(() => {
  eslint = new ESLint({ cwd: process.cwd() });
});

async function wallMessages(code: string, filePath: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return result.messages.filter((m) => m.ruleId === 'no-restricted-imports' || m.ruleId === 'no-restricted-syntax').map((m) => m.message);
}

describe('lint walls', () => {
  it("stops the renderer from importing 'electron'", async () => {
    const msgs = await wallMessages("import { ipcRenderer } from 'electron';\nexport const x = ipcRenderer;\n", 'renderer/features/plans/leak.ts');
    expect(msgs.join('\n')).toMatch(/Only electron\/main.ts, electron\/preload.ts and electron\/ipc.ts import 'electron'/);
    expect(msgs.join('\n')).toMatch(/ipcRenderer lives only in electron\/preload.ts/);
  });

  it('stops the renderer from importing main-side code by a relative path', async () => {
    const msgs = await wallMessages("import { createVault } from '../../../electron/host/vault';\nexport const v = createVault;\n", 'renderer/features/integrations/Form.tsx');
    expect(msgs).toEqual([expect.stringMatching(/meets main only through shared\/contract/)]);
  });

  it('stops shared from importing the renderer or React', async () => {
    expect(await wallMessages("import { client } from '../../renderer/data/client';\nexport const d = client;\n", 'shared/domain/leak.ts')).toEqual([
      expect.stringMatching(/shared\/ is pure TypeScript/),
    ]);
    expect(await wallMessages("import { useState } from 'react';\nexport const s = useState;\n", 'shared/domain/leak.ts')).toEqual([
      expect.stringMatching(/no React here/),
    ]);
  });

  it("stops an Electron-free host service from importing 'electron'", async () => {
    const msgs = await wallMessages("import { safeStorage } from 'electron';\nexport const s = safeStorage;\n", 'electron/host/leak.ts');
    expect(msgs).toEqual([expect.stringMatching(/take what you need as a port/)]);
  });

  it('stops anything but main and ipc from sending to a window', async () => {
    const code = "export function push(win: { webContents: { send(c: string, p: unknown): void } }) {\n  win.webContents.send('evt:x', 1);\n}\n";
    expect(await wallMessages(code, 'electron/host/executor.ts')).toEqual([expect.stringMatching(/send to a window/)]);
    expect(await wallMessages(code, 'electron/main.ts')).toEqual([]);
  });

  it("keeps Dexie out of the screens: the office's record is read and written through the host", async () => {
    const live = "import { useLiveQuery } from 'dexie-react-hooks';\nexport const q = useLiveQuery;\n";
    const dexie = "import Dexie from 'dexie';\nexport const d = new Dexie('x');\n";
    expect(await wallMessages(live, 'renderer/features/customers/CustomerList.tsx')).toEqual([expect.stringMatching(/read with useHostQuery/)]);
    expect(await wallMessages(dexie, 'renderer/features/plans/repository.ts')).toEqual([expect.stringMatching(/Dexie is only renderer\/data's cache/)]);
    expect(await wallMessages(dexie, 'renderer/app/App.tsx')).toEqual([expect.stringMatching(/Dexie is only renderer\/data's cache/)]);
    // the cache and the one-time move of the old record are where Dexie belongs
    expect(await wallMessages(dexie, 'renderer/data/cache.ts')).toEqual([]);
    expect(await wallMessages(dexie, 'renderer/data/legacy-move.ts')).toEqual([]);
  });

  it('lets the shell and legitimate code through', async () => {
    expect(await wallMessages("import { ipcRenderer, contextBridge } from 'electron';\nexport const a = [ipcRenderer, contextBridge];\n", 'electron/preload.ts')).toEqual([]);
    expect(await wallMessages("import { commands } from '../../shared/contract';\nexport const c = commands;\n", 'renderer/bridge/ipc.ts')).toEqual([]);
    const [clean] = await eslint.lintText("import { z } from 'zod';\nexport const Label = z.string().min(1);\n", { filePath: 'shared/domain/label.ts' });
    expect(clean.messages).toEqual([]);
  });
});
