import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { TestTuning } from '../../electron/host/ports';
import { startBrowserHost } from '../../electron/web/browser-host';
import { E2E_TOKEN } from '../../playwright.config';
import { test as base } from './fixtures';

/** The built-in sandbox's admin routes (knobs, stats) answer the tests with this token. */
export const E2E_SANDBOX_ADMIN_TOKEN = 'e2e-sandbox-admin-token';

export type OwnHost = { origin: string; dataDir: string };

/**
 * Each test on a browser host of its own, on an empty store in a fresh folder: the office's record
 * now lives in the host, and the run's shared host keeps what earlier specs created (a first screen
 * "Nenhuma integração cadastrada" would depend on the order of the files). `baseURL` points at it,
 * so `openApp` and relative `page.goto` need nothing else; read what was stored through `hostCommand`.
 */
export const test = base.extend<{ ownHost: OwnHost; hostOptions: TestTuning }>({
  /** A spec's own knobs for its host (`test.use({ hostOptions: … })`). */
  hostOptions: [{}, { option: true }],
  ownHost: async ({ hostOptions }, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sva-e2e-own-'));
    const running = await startBrowserHost({ staticDir: resolve('out/renderer'), dataDir, version: '0.0.0-e2e', token: E2E_TOKEN, sandboxAdminToken: E2E_SANDBOX_ADMIN_TOKEN, ...hostOptions });
    try {
      await use({ origin: running.web.origin, dataDir });
    } finally {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  },
  baseURL: async ({ ownHost }, use) => use(ownHost.origin),
});

/** A host command as the screens send it (POST /api/<command> with the session), for seeding. */
export async function hostCommand<T = unknown>(ownHost: OwnHost, request: import('@playwright/test').APIRequestContext, name: string, input: unknown): Promise<T> {
  const r = await request.post(`${ownHost.origin}/api/${name}`, { headers: { Authorization: `Bearer ${E2E_TOKEN}` }, data: input });
  const body = (await r.json()) as { ok: boolean; data?: T; message?: string };
  if (!body.ok) throw new Error(`${name}: ${body.message}`);
  return body.data as T;
}
