import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCampsoftPlatform } from '../../../electron/host/campsoft';
import { dispatch } from '../../../electron/host/dispatch';
import { createHost, type Host } from '../../../electron/host/host';
import { createPlatformCheckService } from '../../../electron/host/platform-check';
import { systemClock, type HostPorts } from '../../../electron/host/ports';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET, sandboxAdminHeaders, startSandbox, type Sandbox } from '../../../electron/host/sandbox';
import { createDevelopmentCipher } from '../../../electron/host/vault';
import type { PlatformSubscribers } from '../../../shared/contract';
import { computeDrift } from '../../../shared/domain/drift';
import { defaultStatusMap } from '../../../shared/domain/status';
import { cpfFor, subscriberOf } from '../executor/support';

const PRODUCT = '1192001';
const INTEGRATION = 'int-conferir';

type Progress = { integrationId: string; fetched: number; total: number };

const ADMIN_TOKEN = 'platform-check-admin';

function portsFor(events: Progress[]): HostPorts {
  return {
    host: 'web',
    version: '0.0.0-test',
    platform: 'linux',
    dataDir: mkdtempSync(join(tmpdir(), 'platform-check-')),
    cipher: createDevelopmentCipher(mkdtempSync(join(tmpdir(), 'platform-check-key-'))),
    secureStorage: () => 'available',
    isOnline: () => true,
    openExternal: async () => undefined,
    emit: (event, payload) => {
      if (event === 'platform.subscribers.progress') events.push(payload as Progress);
    },
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: systemClock,
    sandboxAdminToken: ADMIN_TOKEN,
  };
}

/** Seeds `count` contracts through the real client, `concurrency` at a time; licence status by n. */
async function seed(url: string, count: number, statusOf: (n: number) => 'active' | 'suspended' | 'canceled') {
  const platform = createCampsoftPlatform({ baseUrl: url, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET });
  const one = async (n: number) => {
    const contract = `ctr-${n}`;
    const label = `campsoft-leitura-${n}`;
    await platform.upsertSubscriber(contract, subscriberOf(n));
    await platform.grantLicence(contract, label, PRODUCT);
    const status = statusOf(n);
    if (status === 'suspended') await platform.setLicenceStatus(contract, label, 'suspended');
    if (status === 'canceled') await platform.cancelLicence(contract, label);
  };
  const queue = Array.from({ length: count }, (_, i) => i + 1);
  await Promise.all(
    Array.from({ length: 24 }, async () => {
      for (let n = queue.shift(); n !== undefined; n = queue.shift()) await one(n);
    }),
  );
}

describe('platform.subscribers through the host (embedded sandbox, real HTTP)', () => {
  const progress: Progress[] = [];
  let host: Host;
  let answer: Awaited<ReturnType<typeof dispatch>>;

  beforeAll(async () => {
    host = await createHost(portsFor(progress));
    const saved = await dispatch(host.handlers, 'connection.save', {
      integrationId: INTEGRATION,
      draft: { environment: 'sandbox', apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET },
    });
    expect(saved.ok).toBe(true);
    // starts the embedded sandbox, then learn where it listens
    expect((await dispatch(host.handlers, 'connection.test', { integrationId: INTEGRATION })).ok).toBe(true);
    const info = await dispatch(host.handlers, 'sandbox.info', {});
    const url = (info as { ok: true; data: { url: string } }).data.url;
    await fetch(`${new URL(url).origin}/__sandbox/knobs`, { method: 'POST', headers: sandboxAdminHeaders(ADMIN_TOKEN), body: JSON.stringify({ latencyMs: 0, jitterMs: 0 }) });
    // 501 contracts: more than one page of 500; every 10th suspended, every 25th cancelled
    await seed(url, 501, (n) => (n % 25 === 0 ? 'canceled' : n % 10 === 0 ? 'suspended' : 'active'));
    answer = await dispatch(host.handlers, 'platform.subscribers', { integrationId: INTEGRATION });
  }, 120_000);

  afterAll(async () => {
    await host?.dispose();
  });

  it('returns every subscriber of every page, with each licence and its status', () => {
    expect(answer.ok).toBe(true);
    const data = (answer as { ok: true; data: PlatformSubscribers }).data;
    expect(data.subscribers).toHaveLength(501);
    const byContract = new Map(data.subscribers.map((s) => [s.contractIdentifier, s]));
    expect(byContract.get('ctr-7')).toEqual({ contractIdentifier: 'ctr-7', name: 'Cliente Número 7', licences: [{ label: 'campsoft-leitura-7', productCode: PRODUCT, status: 'active' }] });
    expect(byContract.get('ctr-20')?.licences[0].status).toBe('suspended');
    expect(byContract.get('ctr-50')?.licences[0].status).toBe('canceled');
    expect(Date.parse(data.fetchedAt)).not.toBeNaN();
  });

  it('reports the active licences the platform bills for (GET /isps), matching the list', () => {
    const data = (answer as { ok: true; data: PlatformSubscribers }).data;
    // 501 contracts - 20 cancelled (multiples of 25) - 40 suspended (multiples of 10 but not of 25) = 441
    const expected = Array.from({ length: 501 }, (_, i) => i + 1).filter((n) => n % 25 !== 0 && n % 10 !== 0).length;
    expect(data.activeLicenses).toBe(expected);
    expect(data.subscribers.flatMap((s) => s.licences).filter((l) => l.status === 'active')).toHaveLength(expected);
  });

  it('carries no e-mail, phone, document or password of the customers', () => {
    const text = JSON.stringify(answer);
    expect(text).not.toContain('@exemplo.com.br');
    expect(text).not.toContain(cpfFor(7));
    expect(text).not.toMatch(/"(email|phone|document|login|password)"/);
  });

  it('pushes progress per page, ending at the total', () => {
    const pages = progress.filter((p) => p.integrationId === INTEGRATION && p.total > 0);
    expect(pages.map((p) => p.fetched)).toEqual([500, 501]);
    expect(pages.at(-1)).toEqual({ integrationId: INTEGRATION, fetched: 501, total: 501 });
  });

  it('refuses an integration without saved credentials, in Portuguese', async () => {
    const r = await dispatch(host.handlers, 'platform.subscribers', { integrationId: 'sem-credenciais' });
    expect(r).toMatchObject({ ok: false, code: 'NOT_CONFIGURED' });
    expect((r as { message: string }).message).toMatch(/credenciais/);
  });

  it('refuses an input with extra fields before it reaches the platform', async () => {
    const r = await dispatch(host.handlers, 'platform.subscribers', { integrationId: INTEGRATION, email: 'x' });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
  });
});

// strict: a server that sends only what CAMPSOFT_API.md promises (no subscriber status, pages of 50,
// 40 requests per second). "Conferir com a plataforma" failed there with "campo data[0].status ausente".
describe.each(['default', 'strict'] as const)('the platform check service against a sandbox of its own (%s profile)', (profile) => {
  let sandbox: Sandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ profile });
  });
  afterAll(async () => sandbox.close());
  afterEach(() => sandbox.reset());

  it('feeds computeDrift: a licence active for a delinquent customer shows as paying for nothing', async () => {
    await seed(sandbox.url, 3, () => 'active');
    const platform = createCampsoftPlatform({ baseUrl: sandbox.url, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET, subscribersPerPage: 2 });
    const events: Progress[] = [];
    const service = createPlatformCheckService({
      platformOf: async () => platform,
      emit: (_e, p) => events.push(p as Progress),
      clock: { now: () => Date.parse('2026-04-01T12:00:00.000Z') },
    });
    const out = await service.subscribers('camp');
    expect(out.fetchedAt).toBe('2026-04-01T12:00:00.000Z');
    expect(events.filter((e) => e.total > 0).map((e) => e.fetched)).toEqual([2, 3]);

    const T0 = '2026-01-05T10:00:00.000Z';
    const report = computeDrift({
      integration: { id: 'camp', platform: 'campsoft', description: 'x', environment: 'sandbox', baseUrl: '', active: true, suspendBySubscriptionStatus: true, statusMap: defaultStatusMap, createdAt: T0, updatedAt: T0 },
      packages: [1, 2].map((id) => ({ id, name: `P${id}`, description: '', kind: 'avulso' as const, priceCents: 0, composition: [], integrationId: 'camp', productCode: PRODUCT, label: `campsoft-leitura-${id}`, active: true, createdAt: T0, updatedAt: T0 })),
      services: [
        { id: 'ctr-1', customerId: 1, planId: 1, status: 'servico_habilitado', createdAt: T0, updatedAt: T0 },
        { id: 'ctr-2', customerId: 2, planId: 1, status: 'suspenso_debito', createdAt: T0, updatedAt: T0 },
      ],
      customers: [
        { id: 1, name: 'Ana' },
        { id: 2, name: 'Bruno' },
      ],
      links: [
        { id: 'l1', serviceId: 'ctr-1', packageId: 1, observed: { state: 'active' }, createdAt: T0, updatedAt: T0 },
        { id: 'l2', serviceId: 'ctr-2', packageId: 2, observed: { state: 'suspended' }, createdAt: T0, updatedAt: T0 },
      ],
      platform: out.subscribers,
    });
    expect(report.rows.map((r) => [r.kind, r.contractIdentifier, r.customerName])).toEqual([
      ['paying_for_nothing', 'ctr-2', 'Bruno'],
      ['unknown_to_office', 'ctr-3', 'Cliente Número 3'],
    ]);
    expect(report.counts).toEqual({ platformActive: out.activeLicenses, officeShouldBeActive: 1 });
  });

  it('fails with the platform error when the platform refuses the credentials', async () => {
    const platform = createCampsoftPlatform({ baseUrl: sandbox.url, apiKey: 'errada', apiSecret: 'errada' });
    const service = createPlatformCheckService({ platformOf: async () => platform, emit: () => undefined, clock: systemClock });
    await expect(service.subscribers('camp')).rejects.toMatchObject({ code: 'UNAUTHORIZED' });
  });
});
