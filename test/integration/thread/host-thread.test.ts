import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHostThread, type HostThread } from '../../../electron/host/thread/start';
import { createDevelopmentCipher, VAULT_FILE } from '../../../electron/host/vault';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET } from '../../../electron/host/sandbox';

const dataDir = mkdtempSync(join(tmpdir(), 'sva-thread-'));
const events: { event: string; payload: unknown }[] = [];
const logs: string[] = [];
let thread: HostThread;

beforeAll(async () => {
  thread = await startHostThread({
    host: 'web',
    version: '9.9.9',
    platform: 'linux',
    dataDir,
    secureStorage: () => 'development',
    cipher: createDevelopmentCipher(dataDir),
    isOnline: () => true,
    openExternal: async () => {},
    emit: (event, payload) => events.push({ event, payload }),
    logger: { info: (m) => logs.push(m), warn: (m) => logs.push(m), error: (m) => logs.push(m) },
    workerUrl: new URL('../../../electron/host/thread/host-thread.ts', import.meta.url),
    execArgv: ['--import', 'tsx'],
  });
});
afterAll(async () => {
  await thread.dispose();
  rmSync(dataDir, { recursive: true, force: true });
});

describe('the host in its own thread', () => {
  it('answers commands through the one dispatch and pushes its change notices to the main thread', async () => {
    const info = await thread.dispatch('app.info', {});
    expect(info).toMatchObject({ ok: true, data: { version: '9.9.9', host: 'web' } });
    const saved = await thread.dispatch('plans.save', { values: { name: 'Fibra 1 Giga', priceCents: 19990, defaultPackages: [], lockPackages: false } });
    expect(saved).toMatchObject({ ok: true, data: { name: 'Fibra 1 Giga', version: 1 } });
    expect(events).toContainEqual({ event: 'data.changed', payload: { tables: ['plans', 'events'] } });
    expect(await thread.dispatch('nope', {})).toMatchObject({ ok: false, code: 'UNKNOWN_COMMAND' });
  });

  it('keeps the vault on the main thread: a connection saved in the host is encrypted there, and the secret never comes back', async () => {
    const r = await thread.dispatch('connection.save', { integrationId: 'int-1', draft: { environment: 'sandbox', apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET } });
    expect(r).toMatchObject({ ok: true, data: { configured: true } });
    expect(JSON.stringify(r)).not.toContain(SANDBOX_API_SECRET);
    expect(existsSync(join(dataDir, VAULT_FILE))).toBe(true);
    expect(readFileSync(join(dataDir, VAULT_FILE), 'utf8')).not.toContain(SANDBOX_API_SECRET);
    // the host thread uses it: the embedded sandbox answers with these credentials
    const tested = await thread.dispatch('connection.test', { integrationId: 'int-1' });
    expect(tested).toMatchObject({ ok: true, data: { ispName: expect.any(String) } });
  });

  it('serves many commands at once, each answered with its own result', async () => {
    const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => thread.dispatch('plans.save', { values: { name: `Plano ${i}`, priceCents: 100 + i, defaultPackages: [], lockPackages: false } })));
    expect(answers.map((a) => a.ok && (a.data as { name: string }).name)).toEqual(Array.from({ length: 50 }, (_, i) => `Plano ${i}`));
    const list = await thread.dispatch('plans.list', {});
    expect(list.ok && (list.data as unknown[]).length).toBe(51);
  });
});

describe('the host over a damaged vault file', () => {
  it('keeps the file aside and says so in app.info; the integration asks for its secret again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sva-thread-vault-'));
    writeFileSync(join(dir, VAULT_FILE), '{"version":1,"entries":{"int-1":"AAAA');
    const damaged = await startHostThread({
      host: 'web',
      version: '9.9.9',
      platform: 'linux',
      dataDir: dir,
      secureStorage: () => 'development',
      cipher: createDevelopmentCipher(dir),
      isOnline: () => true,
      openExternal: async () => {},
      emit: () => {},
      logger: { info() {}, warn() {}, error() {} },
      workerUrl: new URL('../../../electron/host/thread/host-thread.ts', import.meta.url),
      execArgv: ['--import', 'tsx'],
    });
    try {
      const info = await damaged.dispatch('app.info', {});
      expect(info).toMatchObject({ ok: true, data: { vaultNotice: expect.stringMatching(/estava danificado e foi guardado à parte como vault\.json\.corrupt-/) } });
      expect(readdirSync(dir).some((f) => f.startsWith('vault.json.corrupt-'))).toBe(true);
      expect(await damaged.dispatch('connection.describe', { integrationId: 'int-1' })).toMatchObject({ ok: true, data: { configured: false, needsSecretAgain: true } });
    } finally {
      await damaged.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
