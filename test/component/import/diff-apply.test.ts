import { beforeEach, describe, expect, it } from 'vitest';
import { defaultStatusMap, parseDocument, type Integration, type ServiceStatus } from '../../../shared/domain';
import { db } from '../../../renderer/db/db';
import { applyImport, CHUNK_SIZE, loadExisting, loadRememberedPlans } from '../../../renderer/features/import/apply';
import { computeDiff, defaultPlanResolution, hasChanges, type PlanResolution } from '../../../renderer/features/import/diff';
import { customersCsv, linksCsv, servicesCsv } from '../../../renderer/features/import/exports';
import { hubsoftMapping, type ParsedFile } from '../../../shared/import/parse';
import { validateRows, type ImportRow } from '../../../shared/import/validate';

const now = '2026-11-30T08:00:00.000Z';
const headers = ['id_cliente_servico', 'nome_razaosocial', 'cpf_cnpj', 'email_principal', 'celular', 'servico', 'status_prefixo'];
const CPF_A = '123.456.789-09';
const CPF_B = '987.654.321-00';

function rowsOf(lines: string[][]): ImportRow[] {
  const file: ParsedFile = { fileName: 'x.csv', format: 'csv', encoding: 'utf-8', delimiter: ';', headers, rows: lines.map((cells, i) => ({ line: i + 2, cells })) };
  const v = validateRows(file, hubsoftMapping(headers));
  expect(v.rejected).toEqual([]);
  return v.rows;
}
const line = (id: string, doc: string, status: ServiceStatus, plan = 'Fibra 300', name = 'Maria Souza') => [id, name, doc, 'maria@exemplo.com.br', '(11) 98765-4321', plan, status];

const integration = (over: Partial<Integration> = {}): Integration => ({
  id: 'int-1',
  platform: 'campsoft',
  description: 'Campsoft',
  environment: 'sandbox',
  baseUrl: 'sandbox:embedded',
  active: true,
  suspendBySubscriptionStatus: true,
  statusMap: defaultStatusMap,
  createdAt: now,
  updatedAt: now,
  ...over,
});

async function seedWorkspace(s2 = true) {
  await db.integrations.add(integration({ suspendBySubscriptionStatus: s2 }));
  await db.packages.add({ id: 1, name: 'Leitura', description: '', kind: 'beneficio', priceCents: 0, composition: [], integrationId: 'int-1', productCode: '1', label: 'campsoft-leitura-1', active: true, createdAt: now, updatedAt: now });
  await db.plans.add({ id: 1, name: 'Fibra 300', priceCents: 9990, defaultPackages: [{ packageId: 1, mandatory: true }], lockPackages: false, active: true, createdAt: now, updatedAt: now });
}

async function importLines(lines: string[][], resolution?: PlanResolution) {
  const rows = rowsOf(lines);
  const existing = await loadExisting();
  const planNames = [...new Set(rows.map((r) => r.planName))];
  const diff = computeDiff(rows, resolution ?? defaultPlanResolution(planNames, existing.plans, await loadRememberedPlans()), existing, now);
  return diff;
}

async function apply(lines: string[][], resolution?: PlanResolution) {
  const diff = await importLines(lines, resolution);
  const rows = rowsOf(lines);
  const existing = await loadExisting();
  const res = resolution ?? defaultPlanResolution([...new Set(rows.map((r) => r.planName))], existing.plans, await loadRememberedPlans());
  await applyImport(diff, { fileName: 'clientes.csv', resolution: res, rejected: 0 });
  return diff;
}

beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
});

describe('diff before applying', () => {
  it('counts new customers and services; one customer with two services is one customer', async () => {
    await seedWorkspace();
    const diff = await importLines([line('1', CPF_A, 'servico_habilitado'), line('2', CPF_A, 'suspenso_debito'), line('3', CPF_B, 'servico_habilitado', 'Fibra 300', 'João')]);
    expect(diff.counts).toMatchObject({ newCustomers: 2, newServices: 3, statusChanges: 0, newPlans: 0, newLinks: 3 });
  });

  it('counts suspensions, re-enables and cancellations of services that have packages (S2)', async () => {
    await seedWorkspace();
    await apply([line('1', CPF_A, 'servico_habilitado'), line('2', CPF_A, 'suspenso_debito'), line('3', CPF_B, 'servico_habilitado', 'Fibra 300', 'João'), line('4', CPF_B, 'servico_habilitado', 'Fibra 300', 'João')]);
    const diff = await importLines([
      line('1', CPF_A, 'suspenso_debito'), // suspends
      line('2', CPF_A, 'servico_habilitado'), // re-enables
      line('3', CPF_B, 'cancelado', 'Fibra 300', 'João'), // cancels
      line('4', CPF_B, 'franquia_excedida', 'Fibra 300', 'João'), // status change, still active
    ]);
    expect(diff.counts).toMatchObject({ statusChanges: 4, suspensions: 1, reenables: 1, cancellations: 1, newCustomers: 0, newServices: 0 });
  });

  it('counts no suspension when the integration has Habilitar/Suspender Assinaturas off', async () => {
    await seedWorkspace(false);
    await apply([line('1', CPF_A, 'servico_habilitado')]);
    const diff = await importLines([line('1', CPF_A, 'suspenso_debito')]);
    expect(diff.counts).toMatchObject({ statusChanges: 1, suspensions: 0 });
  });

  it('counts no platform effect for a service without packages', async () => {
    await seedWorkspace();
    await apply([line('1', CPF_A, 'servico_habilitado', 'Rádio 10')]);
    const diff = await importLines([line('1', CPF_A, 'suspenso_debito', 'Rádio 10')]);
    expect(diff.counts).toMatchObject({ statusChanges: 1, suspensions: 0 });
  });
});

describe('plan mapping', () => {
  it('maps a plan of the same name (any case or accents) to the existing plan, and creates the others', async () => {
    await seedWorkspace();
    expect(defaultPlanResolution(['FIBRA 300', 'Rádio 10'], await db.plans.toArray())).toEqual({
      'FIBRA 300': { kind: 'existing', planId: 1 },
      'Rádio 10': { kind: 'create' },
    });
  });

  it('creates the plan the office chose to create, and maps the other to the chosen plan with its default packages (S8)', async () => {
    await seedWorkspace();
    await apply([line('1', CPF_A, 'servico_habilitado', 'Plano Antigo 300'), line('2', CPF_B, 'servico_habilitado', 'Rádio 10', 'João')], {
      'Plano Antigo 300': { kind: 'existing', planId: 1 },
      'Rádio 10': { kind: 'create' },
    });
    const radio = await db.plans.where('name').equals('Rádio 10').first();
    expect(radio).toMatchObject({ priceCents: 0, defaultPackages: [], lockPackages: false });
    expect((await db.services.get('1'))?.planId).toBe(1);
    expect((await db.services.get('2'))?.planId).toBe(radio!.id);
    expect((await db.links.where('serviceId').equals('1').toArray()).map((l) => l.packageId)).toEqual([1]);
    expect(await db.links.where('serviceId').equals('2').count()).toBe(0);
  });

  it('remembers the choice, so re-importing the same file maps the same way', async () => {
    await seedWorkspace();
    const lines = [line('1', CPF_A, 'servico_habilitado', 'Plano Antigo 300')];
    await apply(lines, { 'Plano Antigo 300': { kind: 'existing', planId: 1 } });
    const again = await importLines(lines);
    expect(hasChanges(again.counts)).toBe(false);
  });
});

describe('applying', () => {
  it('writes customers with search keys, services, default links and one history event', async () => {
    await seedWorkspace();
    await apply([line('1', CPF_A, 'servico_habilitado', 'Fibra 300', 'José  Araújo'), line('2', CPF_A, 'cancelado')]);
    const [customer] = await db.customers.toArray();
    expect(customer).toMatchObject({ name: 'José Araújo', document: '12345678909', documentType: 'cpf', nameKey: 'jose araujo', emails: ['maria@exemplo.com.br'] });
    expect(customer.phoneKeys).toContain('11987654321');
    expect(await db.services.get('1')).toMatchObject({ customerId: customer.id, planId: 1, status: 'servico_habilitado' });
    expect(await db.links.count()).toBe(2);
    const events = await db.events.toArray();
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: 'import.erp', actor: 'user', outcome: 'ok', message: 'Importação do ERP (clientes.csv): 1 cliente novo, 2 serviços novos, 2 pacotes vinculados.' });
  });

  it('tells the transmission controller that the desired state changed', async () => {
    await seedWorkspace();
    let told = 0;
    const listener = () => told++;
    window.addEventListener('sva:desired-state-changed', listener);
    await apply([line('1', CPF_A, 'servico_habilitado')]);
    window.removeEventListener('sva:desired-state-changed', listener);
    expect(told).toBe(1);
  });

  it('re-importing the same file changes nothing (nenhuma alteração)', async () => {
    await seedWorkspace();
    const lines = [line('1', CPF_A, 'servico_habilitado'), line('2', CPF_B, 'suspenso_debito', 'Rádio 10', 'João')];
    await apply(lines);
    const before = await Promise.all([db.customers.toArray(), db.services.toArray(), db.links.toArray(), db.plans.toArray()]);
    const again = await importLines(lines);
    expect(hasChanges(again.counts)).toBe(false);
    await applyImport(again, { fileName: 'clientes.csv', resolution: {}, rejected: 0 });
    const after = await Promise.all([db.customers.toArray(), db.services.toArray(), db.links.toArray(), db.plans.toArray()]);
    expect(after).toEqual(before);
  });

  it('updates a customer whose name or e-mail changed in the ERP, and keeps the e-mail when the cell is empty', async () => {
    await seedWorkspace();
    await apply([line('1', CPF_A, 'servico_habilitado')]);
    const renamed = line('1', CPF_A, 'servico_habilitado', 'Fibra 300', 'Maria Souza Lima');
    renamed[3] = '';
    const diff = await importLines([renamed]);
    expect(diff.counts).toMatchObject({ changedCustomers: 1, newCustomers: 0 });
    await applyImport(diff, { fileName: 'x.csv', resolution: {}, rejected: 0 });
    expect(await db.customers.toArray()).toMatchObject([{ name: 'Maria Souza Lima', nameKey: 'maria souza lima', emails: ['maria@exemplo.com.br'] }]);
  });

  it('never half-applies: a chunk that fails rolls back every chunk before it', async () => {
    await seedWorkspace();
    const count = CHUNK_SIZE + 500;
    const lines = Array.from({ length: count }, (_, i) => line(String(i + 1), validCpf(i), 'servico_habilitado', 'Fibra 300', `Cliente ${i}`));
    const diff = await importLines(lines);
    // Someone registers the last customer of the file after the preview: its chunk cannot be written.
    const late = diff.customersToAdd[count - 1];
    await db.customers.add({ ...late, name: 'Cadastrado depois da prévia' });
    await expect(applyImport(diff, { fileName: 'x.csv', resolution: {}, rejected: 0 })).rejects.toThrow();
    expect(await db.customers.count()).toBe(1);
    expect(await db.services.count()).toBe(0);
    expect(await db.links.count()).toBe(0);
    expect(await db.events.count()).toBe(0);
  });
});

describe('export CSV', () => {
  it('exports services in HubSoft columns, ;-delimited, that import back unchanged', async () => {
    await seedWorkspace();
    await apply([line('1', CPF_A, 'suspenso_debito', 'Fibra 300', 'Conceição Gonçalves')]);
    const csv = servicesCsv(await db.services.toArray(), await db.customers.toArray(), await db.plans.toArray());
    expect(csv.split('\r\n')[0]).toBe('id_cliente_servico;codigo_cliente;nome_razaosocial;cpf_cnpj;email_principal;telefone_primario;servico;status_prefixo;status');
    expect(csv.split('\r\n')[1]).toBe('1;;Conceição Gonçalves;12345678909;maria@exemplo.com.br;(11) 98765-4321;Fibra 300;suspenso_debito;Suspenso por Débito');
  });

  it('exports customers and links without passwords, and keeps a formula-looking name as text', async () => {
    await seedWorkspace();
    await apply([line('1', CPF_A, 'servico_habilitado', 'Fibra 300', '=HYPERLINK("x")')]);
    const customers = await db.customers.toArray();
    expect(customersCsv(customers)).toContain(`'=HYPERLINK`);
    const links = await db.links.toArray();
    await db.links.update(links[0].id, { password: 'segredo123' });
    const csv = linksCsv(await db.links.toArray(), await db.services.toArray(), customers, await db.packages.toArray());
    expect(csv).toContain('1;12345678909;');
    expect(csv).toContain('campsoft-leitura-1;1;Não transmitido');
    expect(csv).not.toContain('segredo123');
  });
});

/** The i-th valid CPF, check digits computed by trying all 100 and asking shared/domain. */
function validCpf(i: number): string {
  const base = String(100000000 + i * 7919).slice(0, 9);
  for (let d = 0; d < 100; d++) {
    const doc = base + String(d).padStart(2, '0');
    if (parseDocument(doc).ok) return doc;
  }
  throw new Error('no CPF');
}
