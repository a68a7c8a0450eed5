import type { APIRequestContext } from '@playwright/test';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET } from '../../electron/host/sandbox';
import { defaultStatusMap } from '../../shared/domain/status';
import { cpfFor } from '../fixtures/documents';
import { expect } from './fixtures';
import { hostCommand, type OwnHost } from './own-host';

export type SeedCustomer = { name: string; code: string; serviceId: string };

/**
 * An office on its own host, written through the host's commands as the screens would: a
 * "Personalizado" integration on a sandbox outside the host, its products synced, one package,
 * a plan carrying it (mandatory, S8/S11) and one service per customer with that plan.
 */
export async function seedOffice(ownHost: OwnHost, request: APIRequestContext, opts: { sandboxUrl: string; customers: SeedCustomer[]; packageName?: string }) {
  const cmd = <T>(name: string, input: unknown) => hostCommand<T>(ownHost, request, name, input);
  // the engine's start (the daily routine on an empty store) is over before the office exists
  await expect.poll(async () => (await cmd<{ lastPassAt: string | null }>('sync.state', {})).lastPassAt, { timeout: 30_000 }).not.toBeNull();
  const integration = await cmd<{ id: string }>('integrations.save', {
    values: { description: 'Campsoft (homologação local)', suspendBySubscriptionStatus: true, statusMap: defaultStatusMap },
    connection: { environment: 'custom', customUrl: opts.sandboxUrl, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET },
  });
  await cmd('products.sync', { integrationId: integration.id });
  const [product] = await cmd<{ code: string }[]>('products.list', { integrationId: integration.id });
  const name = opts.packageName ?? 'Leitura Digital';
  const pkg = await cmd<{ id: number }>('packages.save', {
    values: { name, kind: 'avulso', priceCents: 990, composition: [{ description: 'Leitura', fiscalKind: 'SVA', amountCents: 990 }], integrationId: integration.id, productCode: product.code },
  });
  const plan = await cmd<{ id: number }>('plans.save', { values: { name: 'Fibra 300', priceCents: 9990, defaultPackages: [{ packageId: pkg.id, mandatory: true }], lockPackages: false } });
  const customerIds: number[] = [];
  for (const [i, c] of opts.customers.entries()) {
    const saved = await cmd<{ id: number }>('customers.save', {
      values: { name: c.name, code: c.code, document: cpfFor(900 + i), emails: [`cliente${i + 1}@exemplo.com.br`], phones: [`(11) 9${String(1234_0000 + i)}`] },
    });
    customerIds.push(saved.id);
    await cmd('services.add', { customerId: saved.id, values: { id: c.serviceId, customerId: saved.id, planId: plan.id, status: 'servico_habilitado' } });
  }
  return { integrationId: integration.id, packageId: pkg.id, planId: plan.id, customerIds };
}

export type Row = { id: string; name: string; document: string; plan: string };

/** An ERP export (HubSoft's columns) through the import commands, as the import screen sends it. */
export async function importRows(cmd: <T>(name: string, input: unknown) => Promise<T>, rows: Row[]) {
  const header = 'id_cliente_servico;nome_razaosocial;cpf_cnpj;email_principal;telefone_primario;servico;status_prefixo';
  const lines = rows.map((r, i) => `${r.id};${r.name};${r.document};cliente${r.id}@exemplo.com.br;(11) 9${String(3000_0000 + i)};${r.plan};servico_habilitado`);
  const bytes = Buffer.from([header, ...lines].join('\n'), 'utf-8');
  const { sessionId } = await cmd<{ sessionId: string }>('import.open', { fileName: 'clientes-erp.csv', size: bytes.length });
  const { file } = await cmd<{ file: { mapping: unknown } }>('import.upload', { sessionId, offset: 0, data: bytes.toString('base64'), last: true });
  const preview = await cmd<{ previewId: string; rows: { rejected: number } }>('import.preview', { sessionId, mapping: file.mapping });
  expect(preview.rows.rejected).toBe(0);
  await cmd('import.apply', { sessionId, previewId: preview.previewId });
}
