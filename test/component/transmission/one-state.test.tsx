import { act, configure, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { StatusBar } from '../../../renderer/app/StatusBar';
import { useAppStatus } from '../../../renderer/app/status-store';
import { setBridge } from '../../../renderer/bridge';
import { db } from '../../../renderer/db/db';
import { CustomersPage } from '../../../renderer/features/customers/CustomersPage';
import { addService, changeServiceStatus, linkPackage } from '../../../renderer/features/customers/repository';
import { DashboardPage } from '../../../renderer/features/dashboard/DashboardPage';
import { requestPass, writeResults } from '../../../renderer/features/transmission/controller';
import { checkPlatform } from '../../../renderer/features/transmission/drift/repository';
import { resetLinkStates, runChanged } from '../../../renderer/features/transmission/link-states';
import { useTransmission } from '../../../renderer/features/transmission/store';
import { TransmissionPage } from '../../../renderer/features/transmission/TransmissionPage';
import type { DesktopApi, LinkResult, PlatformSubscribers, RunProgress } from '../../../shared/contract';
import { productId, type LinkPlan, type ServiceStatus } from '../../../shared/domain';
import { addCustomer, clearAll, fibraLivre, integration, kids, leitura, seedCatalogue } from '../customers/fixtures';
import { renderScreen } from '../render';

/**
 * Issue 9, "one state per link, one set of numbers": the Transmissões filters and rows, the status
 * bar, the customer detail and the Painel show the same state for a link and count the same thing,
 * and move together when a result lands (no pass in between). Real Dexie, planner and controller;
 * a fake main that records run.start.
 */
configure({ asyncUtilTimeout: 8000 });

let sent: LinkPlan[] = [];
let subscribers: PlatformSubscribers | null = null;

function fakeMain(): DesktopApi {
  return {
    commands: new Proxy({} as DesktopApi['commands'], {
      get: (_t, name: string) => async (input: never) => {
        if (name === 'connection.describe') return { ok: true, data: { configured: true, keyHint: '••••1234' } };
        if (name === 'run.start') {
          const { plans } = input as { plans: LinkPlan[] };
          sent.push(...plans);
          return { ok: true, data: { runId: 'run-1', accepted: plans.length, joined: false } };
        }
        if (name === 'platform.subscribers' && subscribers) return { ok: true, data: subscribers };
        return { ok: false, code: 'UNKNOWN', message: 'não usado neste teste', retryable: false };
      },
    }),
    on: () => () => {},
  };
}

const at = () => new Date().toISOString();

function converged(plan: LinkPlan, state: 'active' | 'suspended'): LinkResult {
  const t = at();
  return {
    runId: 'run-1',
    linkId: plan.linkId,
    integrationId: plan.integrationId,
    key: plan.key,
    outcome: 'converged',
    steps: plan.steps.map((s) => ({ ok: true as const, key: s.key, linkId: s.linkId, kind: s.kind, last: s.last, at: t, sentHash: s.hash, observedState: s.kind === 'upsert_subscriber' ? 'none' : state })),
    finishedAt: t,
  };
}

function refused(plan: LinkPlan, message: string): LinkResult {
  const t = at();
  const error = { code: 'CONFLICT', message, retryable: false };
  return {
    runId: 'run-1',
    linkId: plan.linkId,
    integrationId: plan.integrationId,
    key: plan.key,
    outcome: 'failed',
    steps: [{ ok: false, key: plan.steps[0].key, linkId: plan.linkId, kind: plan.steps[0].kind, last: false, at: t, error }],
    error,
    finishedAt: t,
  };
}

/** The run as main would report it; a run that stops makes its links in flight Pendente again. */
function runIs(status: RunProgress['status']) {
  act(() => {
    useTransmission.setState((s) => ({ runs: { ...s.runs, [integration.id]: { runId: 'run-1', integrationId: integration.id, status, total: 1, done: 0, failed: 0, canceled: 0, notStarted: 0, lastSeq: 0 } } }));
    runChanged(integration.id);
  });
}

async function service(id: string, status: ServiceStatus, customerId: number, packageId = leitura.id) {
  await addService(customerId, { id, planId: fibraLivre.id, status }, [], { notify: false });
  return linkPackage(id, packageId, {}, { notify: false });
}

const counts = () => useTransmission.getState().linkStates.counts;
const planOf = (linkId: string) => sent.find((p) => p.linkId === linkId)!;
const filter = (label: string) => screen.getByRole('button', { name: new RegExp(`^${label} \\(\\d+\\)$`) });

beforeEach(async () => {
  await clearAll();
  await seedCatalogue();
  const t = at();
  await db.products.bulkPut(
    [leitura, kids].map((p) => ({ id: productId(integration.id, p.productCode), integrationId: integration.id, code: p.productCode, name: p.name, description: '', status: 'active' as const, syncedAt: t })),
  );
  sent = [];
  subscribers = null;
  setBridge(fakeMain());
  useAppStatus.setState({ online: true, osOnline: true, platforms: [] });
  useTransmission.setState({ preview: null, runs: {}, starting: [], notice: null, passing: false });
  resetLinkStates();
});
afterEach(() => setBridge(undefined));

describe('one state per link, one set of numbers', () => {
  it('a failed link is Erro only; links with nothing to send are "Nada a enviar", not Pendente; the counters move with each result', async () => {
    const maria = await addCustomer();
    const created = await service('7001', 'servico_habilitado', maria);
    const ok = await service('7005', 'servico_habilitado', maria);
    const conflict = await service('7006', 'servico_habilitado', maria, kids.id);
    // nothing to send: suspended before ever created, awaiting installation, cancelled and never sent
    await service('7002', 'suspenso_debito', maria);
    await service('7003', 'aguardando_instalacao', maria);
    await service('7004', 'cancelado', maria);

    await requestPass('edit');
    expect(sent.map((p) => p.linkId).sort()).toEqual([created.id, ok.id, conflict.id].sort());
    expect(counts()).toEqual({ pending: 0, sending: 3, active: 0, suspended: 0, canceled: 0, blocked: 0, error: 0, idle: 3 });

    // Results land: the counts follow at once, without waiting for another pass.
    await writeResults([
      { integrationId: integration.id, runId: 'run-1', seq: 1, result: converged(planOf(ok.id), 'active') },
      { integrationId: integration.id, runId: 'run-1', seq: 2, result: refused(planOf(conflict.id), 'CPF já vinculado a outro contrato na Campsoft. Confira se o CPF/CNPJ ou o login do cliente não estão em uso em outro contrato.') },
    ]);
    expect(counts()).toEqual({ pending: 0, sending: 1, active: 1, suspended: 0, canceled: 0, blocked: 0, error: 1, idle: 3 });

    // The run stops with 7001 unanswered: it is Pendente again, and says it waits for the Campsoft.
    runIs('halted');
    expect(counts()).toEqual({ pending: 1, sending: 0, active: 1, suspended: 0, canceled: 0, blocked: 0, error: 1, idle: 3 });

    // A pass over the same record counts exactly the same (the failed link is not also Pendente).
    useAppStatus.setState({ online: false });
    await requestPass('edit');
    expect(counts()).toEqual({ pending: 1, sending: 0, active: 1, suspended: 0, canceled: 0, blocked: 0, error: 1, idle: 3 });

    const u = userEvent.setup();
    renderScreen(<TransmissionPage />);
    await waitFor(() => expect(filter('Pendente').textContent).toBe('Pendente (1)'));
    expect(filter('Erro').textContent).toBe('Erro (1)');
    expect(filter('Ativo').textContent).toBe('Ativo (1)');
    expect(filter('Nada a enviar').textContent).toBe('Nada a enviar (3)');
    expect(filter('Enviando').textContent).toBe('Enviando (0)');

    await u.click(filter('Nada a enviar'));
    const table = await screen.findByRole('table', { name: 'Vínculos' });
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(4));
    expect(within(table).getAllByText('Nada a enviar')).toHaveLength(3);
    expect(within(table).queryByText('Pendente')).toBeNull();
    expect(table.textContent).toContain('Serviço suspenso, sem licença na Campsoft: ela será criada quando o serviço for reabilitado.');
    expect(table.textContent).toContain('Serviço aguardando instalação ou liberação, sem licença na Campsoft');
    expect(table.textContent).toContain('Cancelado antes de ser transmitido: não há licença na Campsoft e nada a enviar.');

    await u.click(filter('Pendente'));
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Vínculos' })).getAllByRole('row')).toHaveLength(2));
    const pendingRow = within(screen.getByRole('table', { name: 'Vínculos' })).getAllByRole('row')[1];
    expect(pendingRow.textContent).toContain('7001');
    expect(pendingRow.textContent).toContain('Criação aguardando a Campsoft: o envio não foi confirmado e será refeito.');

    await u.click(filter('Erro'));
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Vínculos' })).getAllByRole('row')[1].textContent).toContain('7006'));
    expect(screen.getByRole('table', { name: 'Vínculos' }).textContent).toContain('CPF já vinculado a outro contrato');
  });

  it('the status bar and the Painel count what the filters count', async () => {
    const maria = await addCustomer();
    const ok = await service('7005', 'servico_habilitado', maria);
    const conflict = await service('7006', 'servico_habilitado', maria, kids.id);
    await service('7002', 'suspenso_debito', maria);
    await requestPass('edit');
    await writeResults([
      { integrationId: integration.id, runId: 'run-1', seq: 1, result: converged(planOf(ok.id), 'active') },
      { integrationId: integration.id, runId: 'run-1', seq: 2, result: refused(planOf(conflict.id), 'CPF já vinculado a outro contrato.') },
    ]);
    runIs('done');
    await service('7007', 'servico_habilitado', maria);
    useAppStatus.setState({ online: false });
    await requestPass('edit');
    expect(counts()).toMatchObject({ pending: 1, error: 1, active: 1, idle: 1 });

    renderScreen(
      <>
        <DashboardPage />
        <StatusBar />
      </>,
    );
    const bar = await screen.findByRole('status', { name: 'Barra de status' });
    expect(bar.textContent).toContain('1 pendente de transmissão · 1 com erro');
    const pending = (await screen.findByText('Pendentes de transmissão')).parentElement!;
    expect(pending.textContent).toContain('1');
    expect(pending.textContent).toContain('0 bloqueados · 1 com erro');
    expect((await screen.findByText('Licenças ativas')).parentElement!.textContent).toMatch(/^Licenças ativas1/);
  });

  it('the Painel shows the active licences the last platform check read, and when', async () => {
    subscribers = { activeLicenses: 689, ispName: 'Provedor Exemplo', fetchedAt: '2026-12-01T14:03:00.000Z', subscribers: [] };
    renderScreen(<DashboardPage />);
    expect(await screen.findByText(/licenças na plataforma ainda não conferidas: use Transmissões › Conferir com a plataforma/)).toBeTruthy();
    await act(async () => {
      expect((await checkPlatform(integration.id)).ok).toBe(true);
    });
    expect(await screen.findByText(/Provedor Exemplo · 689 licenças ativas na plataforma \(lido em 01\/12\/2026/)).toBeTruthy();
  });
});

describe('customer detail: a change the platform has not confirmed never shows the confirmed state', () => {
  it('an active licence whose service is now suspenso_debito: Pendente, then Enviando, then Pendente again when the run stops — never Ativo', async () => {
    const maria = await addCustomer();
    const link = await service('7101', 'servico_habilitado', maria);
    await requestPass('edit');
    await writeResults([{ integrationId: integration.id, runId: 'run-1', seq: 1, result: converged(planOf(link.id), 'active') }]);
    runIs('done');
    renderScreen(<CustomersPage />, { path: `/${maria}` });
    const row = async () => within(await screen.findByRole('table', { name: 'Pacotes do serviço 7101' }, { timeout: 5000 })).getByRole('row', { name: /Leitura Digital/ });
    await waitFor(async () => expect((await row()).textContent).toContain('Ativo'));

    // The office suspends for debt; nothing has reached the platform yet.
    await act(() => changeServiceStatus('7101', 'suspenso_debito', { notify: false }));
    await waitFor(async () => expect((await row()).textContent).toContain('Suspensão aguardando envio.'));
    expect((await row()).textContent).toContain('Pendente');
    expect((await row()).textContent).not.toContain('Ativo');

    // Sent: the run is going and the Campsoft has not answered.
    sent = [];
    await act(() => requestPass('edit'));
    expect(sent.map((p) => p.steps.map((s) => s.kind))).toEqual([['suspend']]);
    runIs('running');
    await waitFor(async () => expect((await row()).textContent).toContain('Suspensão aguardando a Campsoft.'));
    expect((await row()).textContent).toContain('Enviando');
    expect((await row()).textContent).not.toContain('Ativo');

    // The Campsoft stopped answering and the run was stopped: still not confirmed.
    runIs('halted');
    await waitFor(async () => expect((await row()).textContent).toContain('Suspensão aguardando a Campsoft: o envio não foi confirmado e será refeito.'));
    expect((await row()).textContent).toContain('Pendente');
    expect((await row()).textContent).not.toContain('Ativo');

    // Confirmed at last.
    await writeResults([{ integrationId: integration.id, runId: 'run-2', seq: 1, result: converged(sent[0], 'suspended') }]);
    await waitFor(async () => expect((await row()).textContent).toContain('Suspenso'));
    expect((await row()).textContent).not.toContain('aguardando');
  });
});
