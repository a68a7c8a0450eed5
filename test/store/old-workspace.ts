/**
 * A workspace as the renderer's old IndexedDB holds it (renderer/data/legacy-schema.ts, Dexie v1 or v2): the
 * domain rows plus the derived search keys (nameKey, nameSuffixes from v2, phoneKeys), auto-numbered
 * ids, settings of the old screens (the schedule, the import's plan mapping, a run to resume). The
 * same rows are the tables of the renderer's backup files (format version 1).
 */
import { withOldSearchKeys as withSearchKeys } from '../fixtures/old-search-keys';
import { BILLING_TABLES, type WorkspaceTable } from '../../shared/contract/workspace';
import { generateLabel } from '../../shared/domain/label';
import type { Customer, HistoryEvent, Integration, Link, Package, Plan, Product, Service, ServiceStatus } from '../../shared/domain/model';
import { defaultStatusMap } from '../../shared/domain/status';
import { cpfFor } from '../fixtures/documents';

export const OLD_INTEGRATION = 'int-old-1';
const T0 = Date.parse('2026-06-01T09:00:00.000Z');
const iso = (minutes: number) => new Date(T0 + minutes * 60_000).toISOString();

const names = ['Maria da Silva Prado', 'João Conceição', 'Ana Araújo Gonçalves', 'José Magalhães', 'Padaria Pão Dourado Ltda'];
const statuses: ServiceStatus[] = ['servico_habilitado', 'servico_habilitado', 'suspenso_debito', 'cancelado', 'aguardando_instalacao'];
const observed: Link['observed'][] = [
  { state: 'active', sentHash: 'h1', confirmedAt: iso(10) },
  { state: 'none' },
  { state: 'suspended', sentHash: 'h2', confirmedAt: iso(11) },
  { state: 'error', error: { code: 'NETWORK', message: 'Sem conexão com a plataforma.', retryable: true, at: iso(12) } },
  { state: 'blocked', blockedReason: 'Cliente sem telefone.' },
];

/** Every table of the workspace; Cobrança's (BILLING_TABLES) are empty: the old database never had them. */
export type OldTables = Record<WorkspaceTable, unknown[]>;

export function oldWorkspace(opts: { customers?: number; events?: number; schemaVersion?: 1 | 2 } = {}): OldTables {
  const customers = opts.customers ?? 50;
  const eventCount = opts.events ?? 120;
  const integrations: Integration[] = [
    { id: OLD_INTEGRATION, platform: 'campsoft', description: 'Campsoft Leitura', environment: 'production', baseUrl: 'https://api2.campsoft.com.br/svas/v1', active: true, suspendBySubscriptionStatus: true, statusMap: defaultStatusMap, ispName: 'Provedor Exemplo', activeLicenses: 42, lastTestAt: iso(1), lastSyncAt: iso(2), createdAt: iso(0), updatedAt: iso(2) },
  ];
  const products: Product[] = ['1192001', '1192002', '1192003', '1192007'].map((code, i) => ({
    id: `${OLD_INTEGRATION}:${code}`,
    integrationId: OLD_INTEGRATION,
    code,
    name: `Leitura ${code}`,
    description: i === 0 ? 'Livros digitais' : '',
    status: i === 3 ? 'inactive' : 'active',
    syncedAt: iso(2),
  }));
  const packages: Package[] = [
    { id: 1, name: 'Leitura Digital', description: '', kind: 'beneficio', priceCents: 0, composition: [], integrationId: OLD_INTEGRATION, productCode: '1192001', label: generateLabel('Leitura Digital', 1), active: true, createdAt: iso(3), updatedAt: iso(3) },
    {
      id: 2,
      name: 'Combo Audiolivros',
      description: 'Fibra + audiolivros',
      kind: 'combo',
      priceCents: 2990,
      composition: [
        { description: 'Licença de audiolivros', fiscalKind: 'SVA', amountCents: 990 },
        { description: 'Parcela de conexão (SCM)', fiscalKind: 'SCM', amountCents: 2000 },
      ],
      compositionApproval: { by: 'Contadora Regina', at: iso(4) },
      integrationId: OLD_INTEGRATION,
      productCode: '1192002',
      label: generateLabel('Combo Audiolivros', 2),
      active: true,
      createdAt: iso(3),
      updatedAt: iso(4),
    },
    { id: 3, name: 'Revistas', description: '', kind: 'avulso', priceCents: 990, composition: [{ description: 'Revistas digitais', fiscalKind: 'SVA', amountCents: 990 }], integrationId: OLD_INTEGRATION, productCode: '1192003', label: 'revistas-manual', active: false, createdAt: iso(3), updatedAt: iso(5) },
  ];
  const plans: Plan[] = [
    { id: 1, name: 'Fibra 300 Mega', priceCents: 9990, defaultPackages: [{ packageId: 1, mandatory: true }], lockPackages: false, active: true, createdAt: iso(5), updatedAt: iso(5) },
    {
      id: 2,
      name: 'Fibra 600 Combo',
      priceCents: 14990,
      defaultPackages: [
        { packageId: 2, mandatory: true },
        { packageId: 3, mandatory: false },
      ],
      lockPackages: true,
      active: true,
      createdAt: iso(5),
      updatedAt: iso(6),
    },
  ];
  const customerRows: (Customer & Record<string, unknown>)[] = [];
  const services: Service[] = [];
  const links: Link[] = [];
  for (let id = 1; id <= customers; id++) {
    const company = id % 5 === 0;
    const c: Customer = {
      id,
      ...(id % 3 !== 0 && { code: String(7000 + id) }),
      name: `${names[id % names.length]} ${id}`,
      documentType: company ? 'cnpj' : 'cpf',
      document: company ? `AB${String(id).padStart(10, '0')}00` : cpfFor(id),
      emails: id % 7 === 0 ? [] : [`cliente${id}@exemplo.com.br`],
      phones: id % 11 === 0 ? [] : [{ ddi: '55', ddd: '11', number: `9${String(10_000_000 + id).slice(-8)}`, mobile: true }],
      ...(id % 4 === 0 && { address: { street: 'Rua das Flores', number: String(id), city: 'Campinas', state: 'SP', zip: '13000000' } }),
      createdAt: iso(10 + id),
      updatedAt: iso(10 + id),
    };
    const row: Customer & Record<string, unknown> = withSearchKeys(c);
    if (opts.schemaVersion === 1) delete row.nameSuffixes;
    customerRows.push(row);
    const serviceId = String(50_000 + id);
    services.push({ id: serviceId, customerId: id, planId: (id % 2) + 1, status: statuses[id % statuses.length]!, createdAt: iso(10 + id), updatedAt: iso(10 + id) });
    links.push({
      id: `link-${id}`,
      serviceId,
      packageId: (id % 2) + 1,
      ...(id % 6 === 0 && { password: 'senha-trocada', contractIdentifier: `contrato-${id}`, label: `label-${id}` }),
      ...(id % 9 === 0 && { removedAt: iso(900) }),
      observed: observed[id % observed.length]!,
      createdAt: iso(10 + id),
      updatedAt: iso(20 + id),
    });
  }
  const events: HistoryEvent[] = Array.from({ length: eventCount }, (_, i) => ({
    id: i + 1,
    at: iso(100 + i),
    actor: i % 3 === 0 ? 'integration' : 'user',
    ...(i % 3 === 0 && { integrationId: OLD_INTEGRATION }),
    kind: i % 2 ? 'customer.save' : 'transmission.ok',
    ...(i % 2 && { subject: `cliente:${(i % customers) + 1}` }),
    outcome: i % 10 === 0 ? 'error' : 'ok',
    message: `Evento ${i + 1} — ação registrada`,
    ...(i % 10 === 0 && { platformErrorId: `err-${i}` }),
  }));
  const settings = [
    { key: 'schedule', value: { hour: 5, lastRunAt: iso(700) } },
    { key: 'import.planMapping', value: { 'fibra 300 mega': 1, 'fibra 600': 2 } },
    { key: `run:${OLD_INTEGRATION}`, value: { runId: 'run-9', lastSeq: 12 } },
  ];
  const billing = Object.fromEntries(BILLING_TABLES.map((t) => [t, []])) as unknown as Record<(typeof BILLING_TABLES)[number], unknown[]>;
  return { integrations, products, packages, plans, customers: customerRows, services, links, ...billing, events, settings };
}

/** The renderer's backup file of these tables (renderer/features/workspace/backup.ts, format 1). */
export function rendererBackup(tables: OldTables, schemaVersion = 2): string {
  const written = Object.fromEntries(Object.entries(tables).filter(([t]) => !(BILLING_TABLES as readonly string[]).includes(t)));
  return JSON.stringify({ format: 'sva-desk-backup', version: 1, schemaVersion, exportedAt: '2026-11-30T18:00:00.000Z', tables: written });
}

/** The record without what only Dexie kept (search keys): what must arrive in the store. */
export function withoutSearchKeys(c: unknown) {
  const { nameKey: _k, nameSuffixes: _s, phoneKeys: _p, ...rest } = c as Record<string, unknown>;
  return rest;
}
