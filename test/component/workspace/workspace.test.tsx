import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../../renderer/db/db';
import { setBridge } from '../../../renderer/bridge';
import { BackupError, backupCounts, exportBackup, readBackup, restoreBackup } from '../../../renderer/features/workspace/backup';
import { DEMO_CUSTOMERS, loadDemoData } from '../../../renderer/features/workspace/demo-data';
import { WorkspacePage } from '../../../renderer/features/workspace/WorkspacePage';
import { parseDocument, transmittableProblems } from '../../../shared/domain';
import type { DesktopApi } from '../../../shared/contract';
import { renderScreen } from '../render';

const SECRET = 'sandbox-secret-never-in-dexie';
const saved: string[] = [];

function sandboxBridge(): DesktopApi {
  const answers: Record<string, (input: { integrationId?: string }) => unknown> = {
    'sandbox.info': () => ({ apiKey: 'sandbox-key', apiSecret: SECRET, url: null }),
    'connection.save': (input) => {
      saved.push(input.integrationId!);
      return { configured: true, environment: 'sandbox' };
    },
    'connection.delete': () => ({ deleted: true }),
    'products.fetch': () => ({
      products: [
        { code: '1192001', name: 'Leitura Digital Premium', description: '', status: 'active' },
        { code: '1192002', name: 'Biblioteca Infantil', description: '', status: 'active' },
        { code: '1192003', name: 'Audiolivros Plus', description: '', status: 'active' },
        { code: '1192004', name: 'Revistas Digitais', description: '', status: 'active' },
        { code: '1192007', name: 'Leitura Digital Básico', description: '', status: 'inactive' },
      ],
      fetchedAt: '2026-11-30T08:00:00.000Z',
      pages: 1,
    }),
  };
  return {
    commands: new Proxy({}, { get: (_t, name: string) => async (input: { integrationId?: string }) => ({ ok: true, data: answers[name]?.(input) }) }) as DesktopApi['commands'],
    on: () => () => {},
  };
}

beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
  saved.length = 0;
  setBridge(sandboxBridge());
});
afterEach(() => setBridge(undefined));

async function allRows() {
  return Object.fromEntries(await Promise.all(db.tables.map(async (t) => [t.name, await t.toArray()] as const)));
}

describe('demo data', () => {
  it('loads a Sandbox integration, products, packages, 3 plans and ~200 customers with valid documents, in mixed statuses', async () => {
    const result = await loadDemoData();
    const [integration] = await db.integrations.toArray();
    expect(integration).toMatchObject({ id: result.integrationId, environment: 'sandbox', baseUrl: 'sandbox:embedded', suspendBySubscriptionStatus: true, description: 'Campsoft (Sandbox)' });
    expect(saved).toEqual([result.integrationId]);
    expect(await db.products.get(`${result.integrationId}:1192001`)).toMatchObject({ status: 'active', syncedAt: '2026-11-30T08:00:00.000Z' });
    const packages = await db.packages.toArray();
    expect(packages.length).toBeGreaterThanOrEqual(3);
    for (const p of packages) expect(p.label).toBe(`campsoft-${p.name.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '')}-${p.id}`);
    const plans = await db.plans.toArray();
    expect(plans).toHaveLength(3);
    expect(plans.some((p) => p.defaultPackages.some((d) => d.mandatory))).toBe(true);
    expect(plans.some((p) => p.lockPackages)).toBe(true);

    const customers = await db.customers.toArray();
    expect(customers).toHaveLength(DEMO_CUSTOMERS);
    expect(customers.every((c) => parseDocument(c.document).ok)).toBe(true);
    expect(customers.some((c) => c.documentType === 'cnpj')).toBe(true);
    expect(customers.some((c) => transmittableProblems(c).length > 0)).toBe(true);
    const statuses = new Set((await db.services.toArray()).map((s) => s.status));
    expect([...statuses]).toEqual(expect.arrayContaining(['servico_habilitado', 'suspenso_debito', 'cancelado', 'aguardando_instalacao']));
    expect(await db.links.count()).toBeGreaterThan(0);
    expect(await db.events.where('kind').equals('demo.load').count()).toBe(1);
  });

  it('refuses a workspace that already has customers, and says why', async () => {
    await db.customers.add({ name: 'Cliente real', documentType: 'cpf', document: '12345678909', emails: [], phones: [], createdAt: '2026-01-01T00:00:00.000Z', updatedAt: '2026-01-01T00:00:00.000Z', nameKey: 'cliente real', phoneKeys: [] } as never);
    renderScreen(<WorkspacePage />, { path: '/' });
    await userEvent.click(screen.getByRole('button', { name: 'Carregar dados de demonstração' }));
    expect((await screen.findByRole('alert')).textContent).toContain('Já existem clientes cadastrados: os dados de demonstração só podem ser carregados num espaço de trabalho vazio');
    expect(await db.integrations.count()).toBe(0);
    expect(saved).toEqual([]);
  });
});

describe('backup and restore', () => {
  it('round-trips the whole workspace: export → clear → restore gives identical rows', async () => {
    await loadDemoData();
    const before = await allRows();
    const file = JSON.stringify(await exportBackup());
    await Promise.all(db.tables.map((t) => t.clear()));
    await restoreBackup(readBackup(file));
    expect(await allRows()).toEqual(before);
    // demo data: one Campsoft integration, said in the singular
    expect(backupCounts(readBackup(file))).toMatch(/^200 clientes, [\d.]+ serviços, \d+ pacotes, 3 planos, 1 integração$/);
  });

  it('holds no credentials: neither the sandbox secret nor any apiKey/apiSecret field', async () => {
    await loadDemoData();
    const file = JSON.stringify(await exportBackup());
    expect(file).not.toContain(SECRET);
    expect(file).not.toMatch(/"api_?(key|secret)"/i);
  });

  it.each([
    ['corrupt JSON', '{"format": "sva-desk-backup", "tab', 'o conteúdo está corrompido ou incompleto'],
    ['another file', JSON.stringify({ hello: 'world' }), 'Este arquivo não é um backup do SVA Desk'],
    ['another schema version', JSON.stringify({ format: 'sva-desk-backup', version: 1, schemaVersion: 99, exportedAt: 'x', tables: {} }), 'Backup feito com a versão 99 do banco de dados'],
    ['a damaged row', JSON.stringify({ format: 'sva-desk-backup', version: 1, schemaVersion: db.verno, exportedAt: 'x', tables: { customers: [{ id: 1 }] } }), 'o registro 1 de clientes não é válido'],
  ])('rejects %s with a clear message', (_what, text, message) => {
    expect(() => readBackup(text)).toThrow(BackupError);
    expect(() => readBackup(text)).toThrow(message);
  });

  it('refuses to restore into a workspace that has data, writing nothing', async () => {
    await loadDemoData();
    const backup = readBackup(JSON.stringify(await exportBackup()));
    const before = await allRows();
    await expect(restoreBackup(backup)).rejects.toThrow('O espaço de trabalho já tem dados');
    expect(await allRows()).toEqual(before);
  });

  it('on the page: a bad file is refused with the reason and nothing is written', async () => {
    const { container } = renderScreen(<WorkspacePage />);
    expect(screen.getByText(/A Chave da API e a Senha da API ficam guardadas só no cofre/)).toBeTruthy();
    const input = container.querySelector('input[type=file][accept*="json"]') as HTMLInputElement;
    await userEvent.upload(input, new File(['não é json'], 'backup.json', { type: 'application/json' }));
    expect((await screen.findByRole('alert')).textContent).toContain('O arquivo não é um backup do SVA Desk válido');
    expect(await db.customers.count()).toBe(0);
  });

  it('on the page: restores a backup into an empty workspace after confirmation', async () => {
    await loadDemoData();
    const file = JSON.stringify(await exportBackup());
    await Promise.all(db.tables.map((t) => t.clear()));
    const { container } = renderScreen(<WorkspacePage />);
    await userEvent.upload(container.querySelector('input[type=file][accept*="json"]') as HTMLInputElement, new File([file], 'sva-desk-backup.json', { type: 'application/json' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Restaurar este backup' }));
    await waitFor(async () => expect(await db.customers.count()).toBe(DEMO_CUSTOMERS));
    expect(await screen.findByText(/Backup restaurado: 200 clientes/)).toBeTruthy();
  });
});
