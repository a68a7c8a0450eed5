import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { setBridge } from '../../../renderer/bridge';
import { db } from '../../../renderer/db/db';
import { addService, linkPackage } from '../../../renderer/features/customers/repository';
import { DriftPanel } from '../../../renderer/features/transmission/drift';
import type { DesktopApi, PlatformSubscribers, Result, RunStartInput } from '../../../shared/contract';
import { renderScreen } from '../render';
import { addCustomer, clearAll, cursos, fibraLivre, integration, kids, leitura, seedCatalogue } from '../customers/fixtures';

type Listener = (payload: unknown) => void;

/** An in-process bridge: platform.subscribers answers when the test says so; run.start is recorded. */
function fakeBridge(answer: () => Promise<Result<PlatformSubscribers>>) {
  const listeners = new Map<string, Set<Listener>>();
  const runs: RunStartInput[] = [];
  const api: DesktopApi = {
    commands: new Proxy({} as DesktopApi['commands'], {
      get: (_t, name) => async (input: unknown) => {
        if (name === 'platform.subscribers') return answer();
        if (name === 'run.start') {
          runs.push(input as RunStartInput);
          return { ok: true, data: { runId: 'run-1', accepted: (input as RunStartInput).plans.length, joined: false } };
        }
        return { ok: false, code: 'UNKNOWN', message: `não esperado: ${String(name)}`, retryable: false };
      },
    }),
    on(event, listener) {
      const set = listeners.get(event) ?? new Set();
      set.add(listener as Listener);
      listeners.set(event, set);
      return () => set.delete(listener as Listener);
    },
  };
  setBridge(api);
  return { runs, emit: (event: string, payload: unknown) => act(() => listeners.get(event)?.forEach((l) => l(payload))) };
}

const platform: PlatformSubscribers = {
  activeLicenses: 3,
  fetchedAt: '2026-04-01T12:00:00.000Z',
  subscribers: [
    { contractIdentifier: '5002', name: 'MARIA J SILVA', licences: [{ label: kids.label, productCode: kids.productCode, status: 'active' }] },
    { contractIdentifier: '5003', name: 'MARIA J SILVA', licences: [{ label: cursos.label, productCode: cursos.productCode, status: 'active' }] },
    { contractIdentifier: '9999', name: 'João Avulso', licences: [{ label: 'campsoft-avulsa', productCode: 'P77', status: 'active' }] },
  ],
};

let links: Record<string, string>;

beforeEach(async () => {
  await clearAll();
  await seedCatalogue();
  const customer = await addCustomer();
  await addService(customer, { id: '5001', planId: fibraLivre.id, status: 'servico_habilitado' }, []);
  await addService(customer, { id: '5002', planId: fibraLivre.id, status: 'suspenso_debito' }, []);
  await addService(customer, { id: '5003', planId: fibraLivre.id, status: 'servico_habilitado' }, []);
  // 5001: the office believes Leitura is active, the platform lost it
  const l1 = await linkPackage('5001', leitura.id);
  await db.links.update(l1.id, { observed: { state: 'active', sentHash: 'a.b' } });
  // 5002: delinquent, recorded as suspended, but active on the platform
  const l2 = await linkPackage('5002', kids.id);
  await db.links.update(l2.id, { observed: { state: 'suspended', sentHash: 'c.d' } });
  // 5003: all in order
  const l3 = await linkPackage('5003', cursos.id);
  await db.links.update(l3.id, { observed: { state: 'active' } });
  links = { '5001': l1.id, '5002': l2.id, '5003': l3.id };
  await db.events.clear();
});

afterEach(() => setBridge(undefined));

const user = () => userEvent.setup();

async function checked(bridge = fakeBridge(async () => ({ ok: true, data: platform }))) {
  const u = user();
  renderScreen(<DriftPanel integrationId={integration.id} />);
  await u.click(screen.getByRole('button', { name: 'Conferir com a plataforma' }));
  const table = await screen.findByRole('table', { name: 'Diferenças entre o SVA Desk e a plataforma' });
  return { u, table, bridge };
}

const rowOf = (table: HTMLElement, text: string) => within(table).getAllByRole('row').find((r) => r.textContent?.includes(text))!;

describe('Conferir com a plataforma', () => {
  it('shows paging progress, then the billed count against what the office expects, and one row per difference', async () => {
    let release!: () => void;
    const bridge = fakeBridge(() => new Promise((r) => (release = () => r({ ok: true, data: platform }))));
    const u = user();
    renderScreen(<DriftPanel integrationId={integration.id} />);
    await u.click(screen.getByRole('button', { name: 'Conferir com a plataforma' }));
    bridge.emit('platform.subscribers.progress', { integrationId: integration.id, fetched: 500, total: 1200 });
    expect(await screen.findByText('Buscando assinantes na plataforma… 500 de 1.200')).toBeTruthy();
    release();

    const summary = await screen.findByRole('group', { name: 'Resumo da conferência' });
    expect(summary.textContent).toContain('Licenças ativas na plataforma: 3 · Vínculos que deveriam estar ativos: 2');
    expect(summary.textContent).toContain('A plataforma cobra 1 licença a mais do que o SVA Desk espera.');

    const table = screen.getByRole('table', { name: 'Diferenças entre o SVA Desk e a plataforma' });
    expect(within(table).getAllByRole('row')).toHaveLength(4);
    expect(rowOf(table, '5002').textContent).toMatch(/Pagando sem uso.*Maria José da Silva.*5002.*campsoft-kids-livros-2.*Suspensa.*Ativa/);
    expect(rowOf(table, '9999').textContent).toMatch(/Sem vínculo no SVA Desk.*João Avulso.*9999.*campsoft-avulsa.*Nenhum pacote.*Ativa/);
    expect(rowOf(table, '5001').textContent).toMatch(/Faltando na plataforma.*5001.*Ativa.*Não existe/);
    expect(within(table).queryByText('5003')).toBeNull();

    const [event] = await db.events.where('kind').equals('platform.check').toArray();
    expect(event.message).toContain('3 diferenças encontradas');
    expect((await db.integrations.get(integration.id))?.activeLicenses).toBe(3);
  });

  it('filters the rows by kind of difference', async () => {
    const { u, table } = await checked();
    await u.click(screen.getByText('Pagando sem uso (1)'));
    await waitFor(() => expect(within(table).getAllByRole('row')).toHaveLength(2));
    expect(rowOf(table, 'campsoft').textContent).toContain('5002');
    expect(screen.getByText(/o provedor paga por ela/)).toBeTruthy();
  });

  it('fixes linked rows by recording what the platform has, so the next pass suspends and re-grants', async () => {
    const passes: Event[] = [];
    const onPass = (e: Event) => passes.push(e);
    window.addEventListener('sva:desired-state-changed', onPass);
    try {
      const { u, table, bridge } = await checked();
      await u.click(within(rowOf(table, '5002')).getByRole('checkbox'));
      await u.click(within(rowOf(table, '5001')).getByRole('checkbox'));
      await u.click(screen.getByRole('button', { name: 'Corrigir selecionados' }));
      const dialog = await screen.findByRole('dialog', { name: 'Corrigir diferenças selecionadas' });
      expect(dialog.textContent).toContain('2 pacotes terão a situação registrada conforme a plataforma');
      await u.click(within(dialog).getByRole('button', { name: 'Corrigir' }));

      expect(await screen.findByText(/2 pacotes serão retransmitidos agora/)).toBeTruthy();
      expect((await db.links.get(links['5002']))?.observed).toEqual({ state: 'active', sentHash: 'c.d' });
      expect((await db.links.get(links['5001']))?.observed).toEqual({ state: 'none' });
      expect((await db.links.get(links['5003']))?.observed).toEqual({ state: 'active' });
      const events = await db.events.where('kind').equals('drift.accept').toArray();
      expect(events.map((e) => e.subject).sort()).toEqual([`licenca:5001/${leitura.label}`, `licenca:5002/${kids.label}`]);
      expect(events.find((e) => e.subject?.includes('5002'))?.message).toContain('a plataforma tem ativa, o SVA Desk quer suspensa');
      expect(passes).toHaveLength(1);
      expect(bridge.runs).toEqual([]);
      // the fixed rows leave the table; the licence unknown to the office stays
      expect(within(table).getAllByRole('row')).toHaveLength(2);
    } finally {
      window.removeEventListener('sva:desired-state-changed', onPass);
    }
  });

  it('cancels a licence unknown to the office on the platform, after a warning, and records it in the history', async () => {
    const { u, table, bridge } = await checked();
    await u.click(within(rowOf(table, '9999')).getByRole('checkbox'));
    await u.click(screen.getByRole('button', { name: 'Corrigir selecionados' }));
    const dialog = await screen.findByRole('dialog', { name: 'Corrigir diferenças selecionadas' });
    expect(dialog.textContent).toContain('1 licença sem vínculo será cancelada na plataforma: o assinante perde o acesso');
    await u.click(within(dialog).getByRole('button', { name: 'Corrigir e cancelar licenças' }));

    await screen.findByText(/1 cancelamento enviado à plataforma/);
    expect(bridge.runs).toHaveLength(1);
    expect(bridge.runs[0].integrationId).toBe(integration.id);
    expect(bridge.runs[0].plans).toEqual([
      expect.objectContaining({
        linkId: 'drift:9999:campsoft-avulsa',
        steps: [expect.objectContaining({ kind: 'cancel', contractIdentifier: '9999', label: 'campsoft-avulsa', last: true })],
      }),
    ]);
    expect((await db.events.where('kind').equals('drift.cancel').toArray()).map((e) => e.outcome)).toEqual(['info']);

    // links of the office are untouched
    expect((await db.links.get(links['5002']))?.observed.state).toBe('suspended');
  });

  it('says Tudo confere when the platform holds exactly what the office wants', async () => {
    await db.links.update(links['5001'], { observed: { state: 'active' } });
    const matching: PlatformSubscribers = {
      ...platform,
      activeLicenses: 2,
      subscribers: [
        { contractIdentifier: '5001', name: 'M', licences: [{ label: leitura.label, productCode: leitura.productCode, status: 'active' }] },
        { contractIdentifier: '5002', name: 'M', licences: [{ label: kids.label, productCode: kids.productCode, status: 'suspended' }] },
        { contractIdentifier: '5003', name: 'M', licences: [{ label: cursos.label, productCode: cursos.productCode, status: 'active' }] },
      ],
    };
    fakeBridge(async () => ({ ok: true, data: matching }));
    const u = user();
    renderScreen(<DriftPanel integrationId={integration.id} />);
    await u.click(screen.getByRole('button', { name: 'Conferir com a plataforma' }));
    expect(await screen.findByText('Tudo confere')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Resumo da conferência' }).textContent).toContain('Licenças ativas na plataforma: 2 · Vínculos que deveriam estar ativos: 2');
    expect(screen.queryByRole('table')).toBeNull();
  });

  it('shows the platform failure in Portuguese and records it in the history', async () => {
    fakeBridge(async () => ({ ok: false, code: 'UNAUTHORIZED', message: 'A Campsoft recusou as credenciais. Edite a integração e confira a ApiKey e a ApiSecret.', retryable: false }));
    const u = user();
    renderScreen(<DriftPanel integrationId={integration.id} />);
    await u.click(screen.getByRole('button', { name: 'Conferir com a plataforma' }));
    expect(await screen.findByText('A conferência falhou')).toBeTruthy();
    expect(screen.getByText(/recusou as credenciais/)).toBeTruthy();
    const [event] = await db.events.where('kind').equals('platform.check').toArray();
    expect(event.outcome).toBe('error');
  });
});
