/**
 * The browser host as the office runs it (HTTP in front, the host in its own thread, the store on
 * disk), driven only through the commands the screens send: an integration on a separate sandbox,
 * a package mandatory on every plan, an ERP export imported, and the first pass confirmed in its
 * preview. The platform's own counts say what was created. Used by the first-pass test (2,000 links,
 * over the ~1,760 at which the old renderer-run pass failed) and the bench (20,000).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET, startSandbox, type Sandbox } from '../../electron/host/sandbox';
import { startBrowserHost } from '../../electron/web/browser-host';
import { IMPORT_CHUNK_BYTES } from '../../shared/contract/import';
import { erpExport, erpPlans } from '../fixtures/erp-export';

const TOKEN = 'test-token-browser-host-office';

export type FirstPass = {
  links: number;
  previewSummary: { links: number; creations: number };
  subscribersBeforeConfirm: number;
  previewRows: number;
  /** confirm → every link active and the run over */
  seconds: number;
  subscribers: number;
  /** keys the sandbox saw created more than once */
  duplicates: string[];
  final: { counts: Record<string, number>; total: number };
};

/** Polls every half second (a status bar asks far less often); fails with `what` after `ms`. */
async function until(check: () => Promise<boolean>, what: string, ms: number): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for: ${what}`);
    await new Promise((r) => setTimeout(r, 500));
  }
}

export async function firstPassThroughBrowserHost(links: number, opts: { timeoutMs: number }): Promise<FirstPass> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sva-web-office-'));
  let sandbox: Sandbox | undefined;
  let running: Awaited<ReturnType<typeof startBrowserHost>> | undefined;
  try {
    sandbox = await startSandbox({});
    running = await startBrowserHost({ staticDir: join(dataDir, 'no-renderer'), dataDir, version: '0.0.0-test', token: TOKEN });
    const origin = running.web.origin;
    async function command<T>(name: string, input: unknown): Promise<T> {
      const r = await fetch(`${origin}/api/${name}`, { method: 'POST', headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json' }, body: JSON.stringify(input) });
      const body = (await r.json()) as { ok: boolean; data?: T; message?: string };
      if (!body.ok) throw new Error(`${name}: ${body.message}`);
      return body.data as T;
    }

    const integration = await command<{ id: string }>('integrations.save', {
      values: { description: 'Campsoft (teste)', suspendBySubscriptionStatus: true },
      connection: { environment: 'custom', customUrl: sandbox.url, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET },
    });
    await command('products.sync', { integrationId: integration.id });
    const pkg = await command<{ id: number }>('packages.save', {
      values: { name: 'Leitura', kind: 'beneficio', priceCents: 0, composition: [], integrationId: integration.id, productCode: '1192001' },
    });
    for (const name of erpPlans) await command('plans.save', { values: { name, priceCents: 9990, defaultPackages: [{ packageId: pkg.id, mandatory: true }], lockPackages: false } });

    // every service enabled: each link is a creation
    const bytes = new TextEncoder().encode(erpExport(links, () => ({ status: 'servico_habilitado' })));
    const { sessionId } = await command<{ sessionId: string }>('import.open', { fileName: 'clientes.csv', size: bytes.length });
    let file: { mapping: unknown } | null = null;
    for (let offset = 0; offset < bytes.length; offset += IMPORT_CHUNK_BYTES) {
      const data = Buffer.from(bytes.subarray(offset, offset + IMPORT_CHUNK_BYTES)).toString('base64');
      ({ file } = await command<{ file: { mapping: unknown } | null }>('import.upload', { sessionId, offset, data, last: offset + IMPORT_CHUNK_BYTES >= bytes.length }));
    }
    const preview = await command<{ previewId: string }>('import.preview', { sessionId, mapping: file!.mapping });
    const applied = await command<{ counts: { newLinks: number } }>('import.apply', { sessionId, previewId: preview.previewId });
    if (applied.counts.newLinks !== links) throw new Error(`the import created ${applied.counts.newLinks} links`);

    // The import asks for a pass; over 50 links it waits for the office's confirmation, sending nothing.
    type State = { preview: { id: string; summary: { links: number; creations: number } } | null; runs: { status: string }[] };
    let state = await command<State>('sync.state', {});
    await until(async () => (state = await command<State>('sync.state', {})).preview !== null, 'the pass preview', 120_000);
    const subscribersBeforeConfirm = sandbox.stats().subscribers;
    const rows = await command<{ total: number }>('sync.previewRows', { previewId: state.preview!.id, offset: 0, limit: 10 });

    const started = performance.now();
    await command('sync.confirm', { previewId: state.preview!.id });
    type Counts = { counts: Record<string, number>; total: number };
    await until(async () => (await command<Counts>('links.states', {})).counts.active === links, `${links} active links`, opts.timeoutMs);
    await until(async () => (await command<State>('sync.state', {})).runs.every((r) => r.status !== 'running'), 'the run over', 60_000);
    const seconds = (performance.now() - started) / 1000;

    const stats = sandbox.stats();
    const duplicates = [...Object.entries(stats.subscriberCreations), ...Object.entries(stats.licenceCreations)].filter(([, n]) => n > 1).map(([k, n]) => `${k}×${n}`);
    return {
      links,
      previewSummary: state.preview!.summary,
      subscribersBeforeConfirm,
      previewRows: rows.total,
      seconds,
      subscribers: stats.subscribers,
      duplicates,
      final: await command<Counts>('links.states', {}),
    };
  } finally {
    await running?.close();
    await sandbox?.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}
