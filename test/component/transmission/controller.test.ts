import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { DesktopApi, LinkResult } from '../../../shared/contract';
import { productId, type LinkPlan } from '../../../shared/domain';
import { useAppStatus } from '../../../renderer/app/status-store';
import { setBridge } from '../../../renderer/bridge';
import { db } from '../../../renderer/db/db';
import { addService, changeServiceStatus, linkPackage } from '../../../renderer/features/customers/repository';
import { confirmPreview, msUntilHour, PREVIEW_THRESHOLD, requestPass, writeResults } from '../../../renderer/features/transmission/controller';
import { resetLinkStates } from '../../../renderer/features/transmission/link-states';
import { useTransmission } from '../../../renderer/features/transmission/store';
import { addCustomer, clearAll, fibraLivre, integration, kids, leitura, seedCatalogue } from '../customers/fixtures';

/**
 * The sync controller against a fake main: what it sends (run.start) and what it writes back to
 * Dexie from the results. Real Dexie (fake-indexeddb), real planner, real repositories.
 */
let sent: { integrationId: string; plans: LinkPlan[] }[] = [];
let configured = true;

function fakeMain(): DesktopApi {
  return {
    commands: new Proxy({} as DesktopApi['commands'], {
      get: (_t, name: string) => async (input: never) => {
        if (name === 'connection.describe') return { ok: true, data: configured ? { configured: true, keyHint: '••••1234' } : { configured: false } };
        if (name === 'run.start') {
          const { integrationId, plans } = input as { integrationId: string; plans: LinkPlan[] };
          sent.push({ integrationId, plans });
          return { ok: true, data: { runId: `run-${sent.length}`, accepted: plans.length, joined: false } };
        }
        return { ok: false, code: 'UNKNOWN', message: 'não usado neste teste', retryable: false };
      },
    }),
    on: () => () => {},
  };
}

/** What the executor would answer for a plan that converged, each step confirming `state`. */
function converged(plan: LinkPlan, state: 'active' | 'suspended' | 'canceled'): LinkResult {
  const at = new Date().toISOString();
  return {
    runId: 'run-1',
    linkId: plan.linkId,
    integrationId: plan.integrationId,
    key: plan.key,
    outcome: 'converged',
    steps: plan.steps.map((s) => ({ ok: true as const, key: s.key, linkId: s.linkId, kind: s.kind, last: s.last, at, sentHash: s.hash, observedState: s.kind === 'upsert_subscriber' ? 'none' : state })),
    finishedAt: at,
  };
}

async function seedProducts() {
  const at = new Date().toISOString();
  await db.products.bulkPut(
    [leitura, kids].map((p) => ({ id: productId(integration.id, p.productCode), integrationId: integration.id, code: p.productCode, name: p.name, description: '', status: 'active' as const, syncedAt: at })),
  );
}

beforeEach(async () => {
  await clearAll();
  await seedCatalogue();
  await seedProducts();
  sent = [];
  configured = true;
  setBridge(fakeMain());
  useAppStatus.setState({ online: true });
  useTransmission.setState({ preview: null, runs: {}, starting: [], notice: null });
  resetLinkStates();
});
afterEach(() => setBridge(undefined));

async function linkedService(id = '7001') {
  const customerId = await addCustomer();
  await addService(customerId, { id, planId: fibraLivre.id, status: 'servico_habilitado' }, [], { notify: false });
  return linkPackage(id, leitura.id, {}, { notify: false });
}

describe('sync controller', () => {
  it('S7: a linked package is sent as subscriber + licence, and the confirmed result becomes Ativo with a history event', async () => {
    const link = await linkedService();
    await requestPass('edit');
    expect(sent).toHaveLength(1);
    const [plan] = sent[0].plans;
    expect(plan.steps.map((s) => s.kind)).toEqual(['upsert_subscriber', 'grant']);
    // Marked in flight before the answer: a crash now would be redone, not forgotten.
    expect((await db.links.get(link.id))?.observed.error?.code).toBe('IN_FLIGHT');

    await writeResults([{ integrationId: integration.id, runId: 'run-1', seq: 1, result: converged(plan, 'active') }]);
    expect((await db.links.get(link.id))?.observed).toMatchObject({ state: 'active' });
    const event = await db.events.where('kind').equals('transmission.converged').last();
    expect(event?.message).toMatch(/Assinante criado e licença concedida: Maria José da Silva \(contrato 7001 · label campsoft-leitura-digital-1\)/);

    // Nothing left to do: planning again sends nothing.
    sent = [];
    await requestPass('edit');
    expect(sent).toEqual([]);
    expect(useTransmission.getState().linkStates.counts).toMatchObject({ pending: 0, active: 1 });
  });

  it('S2: suspenso_debito after the licence is active sends one suspend', async () => {
    const link = await linkedService();
    await requestPass('edit');
    await writeResults([{ integrationId: integration.id, runId: 'run-1', seq: 1, result: converged(sent[0].plans[0], 'active') }]);
    sent = [];
    await changeServiceStatus('7001', 'suspenso_debito', { notify: false });
    await changeServiceStatus('7001', 'servico_habilitado', { notify: false });
    await changeServiceStatus('7001', 'suspenso_debito', { notify: false });
    await requestPass('edit');
    // Three toggles while nothing was sent: one operation.
    expect(sent.flatMap((s) => s.plans.map((p) => p.steps.map((x) => x.kind)))).toEqual([['suspend']]);
    expect(sent[0].plans[0].linkId).toBe(link.id);
  });

  it('does not offer again the links a running run is still sending', async () => {
    await linkedService();
    await requestPass('edit');
    expect(sent).toHaveLength(1);
    useTransmission.setState({ runs: { [integration.id]: { runId: 'run-1', integrationId: integration.id, status: 'running', total: 1, done: 0, failed: 0, canceled: 0, notStarted: 0, lastSeq: 0 } } });
    sent = [];
    await requestPass('manual');
    expect(sent).toEqual([]);
    useTransmission.setState({ runs: {} });
  });

  it('holds everything while offline and says how many wait', async () => {
    await linkedService();
    useAppStatus.setState({ online: false });
    await requestPass('edit');
    expect(sent).toEqual([]);
    expect(useTransmission.getState().linkStates.counts.pending).toBe(1);
    expect(useTransmission.getState().notice).toMatch(/Sem conexão com a plataforma: 1 vínculo aguardando\./);
  });

  it(`asks first when a pass touches more than ${PREVIEW_THRESHOLD} links, then sends exactly what it showed`, async () => {
    const customerId = await addCustomer();
    for (let i = 0; i < PREVIEW_THRESHOLD + 1; i++) {
      await addService(customerId, { id: `80${String(i).padStart(2, '0')}`, planId: fibraLivre.id, status: 'servico_habilitado' }, [], { notify: false });
      await linkPackage(`80${String(i).padStart(2, '0')}`, leitura.id, {}, { notify: false });
    }
    await requestPass('import');
    expect(sent).toEqual([]);
    const preview = useTransmission.getState().preview!;
    expect(preview.summary).toMatchObject({ links: PREVIEW_THRESHOLD + 1, creations: PREVIEW_THRESHOLD + 1 });
    expect(Object.values(preview.names)[0]).toBe('Maria José da Silva');
    await confirmPreview();
    expect(sent[0].plans).toHaveLength(PREVIEW_THRESHOLD + 1);
  });

  it('blocks a link whose integration has no credentials, never sending it, and says why', async () => {
    configured = false;
    const link = await linkedService();
    await requestPass('edit');
    expect(sent).toEqual([]);
    expect((await db.links.get(link.id))?.observed).toMatchObject({ state: 'blocked', blockedReason: expect.stringMatching(/credenciais/) });
  });

  it('leaves a permanent refusal alone on automatic passes until something is edited; Transmitir agora resends it', async () => {
    const link = await linkedService();
    await requestPass('edit');
    const plan = sent[0].plans[0];
    const at = new Date(Date.now() + 1000).toISOString();
    await writeResults([
      {
        integrationId: integration.id,
        runId: 'run-1',
        seq: 1,
        result: {
          ...converged(plan, 'active'),
          outcome: 'failed',
          steps: [{ ok: false, key: plan.steps[0].key, linkId: link.id, kind: 'upsert_subscriber', last: false, at, error: { code: 'CONFLICT', message: 'CPF já vinculado a outro contrato.', retryable: false } }],
          error: { code: 'CONFLICT', message: 'CPF já vinculado a outro contrato.', retryable: false },
          finishedAt: at,
        },
      },
    ]);
    expect((await db.links.get(link.id))?.observed).toMatchObject({ state: 'error', error: { code: 'CONFLICT', retryable: false } });
    sent = [];
    await requestPass('edit');
    expect(sent).toEqual([]);
    await requestPass('manual');
    expect(sent).toHaveLength(1);
  });
});

describe('daily schedule', () => {
  it('waits until the next occurrence of the configured hour', () => {
    const now = new Date(2026, 10, 29, 3, 30);
    expect(msUntilHour(4, now)).toBe(30 * 60_000);
    expect(msUntilHour(3, now)).toBe(23.5 * 3600_000);
  });
});
