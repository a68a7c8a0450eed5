import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandName, Result } from '../../shared/contract';
import { dispatch, type HandlerTable } from '../../electron/host/dispatch';
import { customersHandlers } from '../../electron/host/services/customers';
import { maria, openOffice, seedCatalogue, type Office } from './customers-fixtures';

let o: Office;
let c: Awaited<ReturnType<typeof seedCatalogue>>;
let call: <T = unknown>(name: CommandName, input: unknown) => Promise<Result<T>>;
beforeEach(async () => {
  o = await openOffice();
  c = await seedCatalogue(o);
  const handlers = customersHandlers(o) as unknown as HandlerTable;
  call = (name, input) => dispatch(handlers, name, input) as never;
});
afterEach(() => o.t.close());

const ok = <T>(r: Result<T>): T => {
  if (!r.ok) expect.fail(`${r.code}: ${r.message}`);
  return r.data;
};

describe('the Clientes commands through dispatch (zod in and out)', () => {
  it('answers every command in the shape its contract declares', async () => {
    const customer = ok(await call<{ id: number; version: number }>('customers.save', { values: maria }));
    ok(await call('services.defaults', { planId: c.plans.fibra300 }));
    ok(await call('services.add', { customerId: customer.id, values: { id: '5001', planId: c.plans.fibra300, status: 'servico_habilitado' }, keptOptionalPackageIds: [c.packages.kids] }));
    ok(await call('links.options', { serviceId: '5001' }));
    const link = ok(await call<{ id: string }>('links.add', { serviceId: '5001', packageId: c.packages.cursos, params: { label: 'campsoft-cursos-maria' } }));
    ok(await call('links.update', { linkId: link.id, params: { password: 'x' } }));
    ok(await call('services.migrationPreview', { serviceId: '5001', planId: c.plans.travado }));
    ok(await call('services.setStatus', { serviceId: '5001', status: 'Suspenso por Débito' }));
    const detail = ok(await call<{ services: { links: unknown[] }[] }>('customers.get', { id: customer.id }));
    expect(detail.services[0]!.links).toHaveLength(3);
    const found = ok(await call<{ rows: { id: number }[]; next: unknown }>('customers.search', { text: 'maria' }));
    expect(found.rows.map((r) => r.id)).toEqual([customer.id]);
    ok(await call('links.remove', { linkId: link.id }));
    ok(await call('services.cancelAll', { customerId: customer.id }));
    ok(await call('lgpd.export', { customerId: customer.id }));
    ok(await call('lgpd.erase', { customerId: customer.id }));
    expect(ok(await call('customers.get', { id: customer.id }))).toBeNull();
  });

  it('refuses malformed input before any handler runs, and a refusal reaches the form as data', async () => {
    const bad = await call('customers.search', { text: 'x', limit: 0 });
    expect(bad).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const refused = await call('customers.save', { values: { name: 'Sem documento' } });
    expect(refused).toMatchObject({ ok: false, code: 'VALIDATION', fields: { document: 'Informe o CPF ou o CNPJ.' } });
  });
});
