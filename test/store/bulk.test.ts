/**
 * Ações em massa on a real store: the preview counts, S11 (mandatory/optional defaults) and S12
 * (Travar Pacotes) as the single Vincular pacote applies them, key conflicts, a file's unknown and
 * repeated ids, one history event per row, writes in several transactions and one pass at the end.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { BulkAction, BulkTarget } from '../../shared/contract/bulk';
import { AppError } from '../../shared/contract/result';
import { lockedPlanReason } from '../../shared/domain';
import { CHUNK, createBulkService } from '../../electron/host/services/bulk';
import { cpfFor } from '../fixtures/documents';
import { events, openOffice, seedCatalogue, setObserved, type Office } from './customers-fixtures';

let o: Office;
let c: Awaited<ReturnType<typeof seedCatalogue>>;
let bulk: ReturnType<typeof createBulkService>;
let progress: { done: number; total: number }[];

beforeEach(async () => {
  o = await openOffice();
  c = await seedCatalogue(o);
  progress = [];
  bulk = createBulkService({
    db: o.t.store.db,
    mutate: o.t.mutate,
    customers: o.customers,
    clock: o.t.clock,
    emit: (event, payload) => {
      if (event === 'bulk.progress') progress.push(payload as { done: number; total: number });
    },
  });
});
afterEach(() => o.t.close());

/** n customers, one service each (id 7000+i) on `planId`, named so a search can pick some. */
async function customers(n: number, planId: number, name = (i: number) => `Cliente ${String(i).padStart(4, '0')}`) {
  const ids: number[] = [];
  for (let i = 0; i < n; i++) {
    const { id } = await o.customers.save({ values: { name: name(i), document: cpfFor(5000 + i), emails: [`c${i}@exemplo.com.br`], phones: ['(11) 91234-5678'] } });
    await o.links.addService({ customerId: id, values: { id: String(7000 + i), planId, status: 'servico_habilitado' }, keptOptionalPackageIds: [] });
    ids.push(id);
  }
  return ids;
}

const liveLinks = (packageId: number) => o.t.store.db.selectFrom('links').selectAll().where('packageId', '=', packageId).where('removedAt', 'is', null).execute();
const eventsSince = async (id: number) => (await events(o)).filter((e) => e.id > id);
const lastEventId = async () => (await events(o)).at(-1)?.id ?? 0;
const allRows = async (bulkId: string, outcome?: 'pending' | 'done' | 'already' | 'refused' | 'unknown') => bulk.rows({ bulkId, offset: 0, limit: 1000, ...(outcome && { outcome }) });

async function run(target: BulkTarget, action: BulkAction) {
  const preview = await bulk.preview({ target, action });
  const before = await lastEventId();
  const passesBefore = o.t.passes.length;
  const result = await bulk.apply({ bulkId: preview.bulkId });
  return { preview, result, events: await eventsSince(before), passes: o.t.passes.slice(passesBefore) };
}

describe('bulk: a plan’s default packages on its existing services (S8/S11)', () => {
  it('previews, then links the mandatory package to every service that lacks it, in several transactions, one event per row and one pass', async () => {
    const n = CHUNK + 50;
    await customers(n, c.plans.fibra100);
    // the office makes Leitura mandatory and Kids optional on the plan after the import
    await o.plans.save({ id: c.plans.fibra100, version: 1, values: { name: 'Fibra 100', priceCents: 7990, defaultPackages: [{ packageId: c.packages.leitura, mandatory: true }, { packageId: c.packages.kids, mandatory: false }] } });
    // one service already has it, linked by hand
    await o.links.add({ serviceId: '7003', packageId: c.packages.leitura });

    const { preview, result, events: written, passes } = await run({ kind: 'plan', planId: c.plans.fibra100 }, { kind: 'planDefaults', keptOptionalPackageIds: [] });
    expect(preview).toMatchObject({ title: 'Aplicar os pacotes padrão do plano Fibra 100 aos serviços existentes', targetLabel: 'serviços do plano Fibra 100', state: 'preview', services: n, rows: n });
    expect(preview.counts).toEqual({ pending: n - 1, done: 0, already: 1, refused: 0, unknown: 0 });
    // S11: the optional Kids is listed but not applied unless chosen
    expect(preview.packages.map((p) => [p.name, p.mandatory, p.included])).toEqual([
      ['Leitura', true, true],
      ['Kids', false, false],
    ]);
    const already = (await allRows(preview.bulkId, 'already')).rows;
    expect(already).toEqual([expect.objectContaining({ serviceId: '7003', packageName: 'Leitura', message: 'Já tinha o pacote Leitura: nada a fazer.' })]);

    expect(result.state).toBe('applied');
    expect(result.counts).toEqual({ pending: 0, done: n - 1, already: 1, refused: 0, unknown: 0 });
    expect(await liveLinks(c.packages.leitura)).toHaveLength(n);
    expect(await liveLinks(c.packages.kids)).toHaveLength(0);
    // one event per row: the single action's link.add for each linked service, an info for the one that had it
    const adds = written.filter((e) => e.kind === 'link.add');
    expect(adds).toHaveLength(n);
    expect(adds.filter((e) => e.outcome === 'ok')).toHaveLength(n - 1);
    expect(adds.find((e) => e.subject?.endsWith('/servico:7000'))).toMatchObject({ outcome: 'ok', clerk: 'Ana (balcão 1)' });
    expect(adds.find((e) => e.subject?.endsWith('/servico:7000'))!.message).toMatch(/^Pacote Leitura vinculado ao serviço 7000 \(id_contrato 7000, label campsoft-leitura-\w+\) \(ação em massa\)\.$/);
    expect(adds.filter((e) => e.outcome === 'info').map((e) => e.subject)).toEqual([expect.stringMatching(/\/servico:7003$/)]);
    expect(written.filter((e) => e.kind === 'link.bulk').map((e) => e.message)).toEqual([
      'Aplicar os pacotes padrão do plano Fibra 100 aos serviços existentes (serviços do plano Fibra 100): 299 feitos, 1 já estava, 0 recusados, 0 não encontrados.',
    ]);
    // two transactions of rows, progress after each, and one pass asked for at the end, for the integration
    expect(progress).toEqual([
      { bulkId: preview.bulkId, done: CHUNK, total: n },
      { bulkId: preview.bulkId, done: n, total: n },
    ]);
    expect(passes).toEqual([{ reason: 'edit', integrationIds: [c.integration] }]);

    // the same action again: nothing left to do
    const again = await bulk.preview({ target: { kind: 'plan', planId: c.plans.fibra100 }, action: { kind: 'planDefaults', keptOptionalPackageIds: [] } });
    expect(again.counts).toMatchObject({ pending: 0, already: n });
  }, 60_000);

  it('S11: an optional default is applied only when the clerk keeps it; S12: a locked plan’s own packages are allowed', async () => {
    await customers(3, c.plans.travado);
    const optional = await bulk.preview({ target: { kind: 'plan', planId: c.plans.travado }, action: { kind: 'planDefaults', keptOptionalPackageIds: [] } });
    expect(optional.rows).toBe(0);
    const { result } = await run({ kind: 'plan', planId: c.plans.travado }, { kind: 'planDefaults', keptOptionalPackageIds: [c.packages.cursos] });
    expect(result.counts).toMatchObject({ done: 3, refused: 0 });
    expect(await liveLinks(c.packages.cursos)).toHaveLength(3);
  });

  it('refuses the plan action on a selection that is not a plan, in Portuguese', async () => {
    const err = (await bulk.preview({ target: { kind: 'search', text: '' }, action: { kind: 'planDefaults', keptOptionalPackageIds: [] } }).catch((e: unknown) => e)) as AppError;
    expect(err.message).toBe('Os pacotes padrão se aplicam aos serviços de um plano: abra a ação pelo plano, em Serviços/Planos.');
  });
});

describe('bulk: a package on a selection of customers', () => {
  it('S12: services of a locked plan are refused with the single action’s reason, the others linked; each refusal is an event', async () => {
    const open = await customers(2, c.plans.fibra100, (i) => `Aberto ${i}`);
    const locked = await o.customers.save({ values: { name: 'Travado Silva', document: cpfFor(9001), emails: ['t@exemplo.com.br'], phones: ['(11) 91234-5678'] } });
    await o.links.addService({ customerId: locked.id, values: { id: '8001', planId: c.plans.travado, status: 'servico_habilitado' }, keptOptionalPackageIds: [] });

    const { preview, result, events: written } = await run({ kind: 'customers', customerIds: [...open, locked.id] }, { kind: 'link', packageId: c.packages.kids });
    expect(preview).toMatchObject({ title: 'Vincular o pacote Kids', targetLabel: '3 clientes selecionados', services: 3 });
    expect(preview.counts).toMatchObject({ pending: 2, refused: 1 });
    const refused = (await allRows(preview.bulkId, 'refused')).rows;
    expect(refused).toEqual([expect.objectContaining({ serviceId: '8001', customerName: 'Travado Silva', message: lockedPlanReason('Fibra 500 Travado') })]);
    expect(result.counts).toMatchObject({ done: 2, refused: 1 });
    expect((await liveLinks(c.packages.kids)).map((l) => l.serviceId).sort()).toEqual(['7000', '7001']);
    const errorEvent = written.find((e) => e.kind === 'link.add' && e.outcome === 'error');
    expect(errorEvent).toMatchObject({ subject: `cliente:${locked.id}/servico:8001` });
    expect(errorEvent!.message).toBe(`Vincular o pacote Kids (ação em massa), serviço 8001: ${lockedPlanReason('Fibra 500 Travado')}`);
  });

  it('selects by the search, in the host, across pages: only the customers the text finds', async () => {
    await customers(5, c.plans.fibra100, (i) => (i % 2 === 0 ? `Souza ${i}` : `Pereira ${i}`));
    const preview = await bulk.preview({ target: { kind: 'search', text: 'souza' }, action: { kind: 'link', packageId: c.packages.kids } });
    expect(preview).toMatchObject({ targetLabel: 'clientes encontrados na busca “souza”', services: 3 });
    expect((await allRows(preview.bulkId)).rows.map((r) => r.customerName)).toEqual(['Souza 0', 'Souza 2', 'Souza 4']);
  });

  it('removes the package again, one link.remove per service; a service without it is reported, not touched', async () => {
    const ids = await customers(3, c.plans.fibra100);
    await run({ kind: 'customers', customerIds: ids.slice(0, 2) }, { kind: 'link', packageId: c.packages.kids });
    const { preview, result, events: written } = await run({ kind: 'customers', customerIds: ids }, { kind: 'unlink', packageId: c.packages.kids });
    expect(preview.counts).toMatchObject({ pending: 2, already: 1 });
    expect(result.counts).toMatchObject({ done: 2, already: 1 });
    expect(await liveLinks(c.packages.kids)).toHaveLength(0);
    expect(written.filter((e) => e.kind === 'link.remove').map((e) => [e.subject?.split('/')[1], e.outcome])).toEqual([
      ['servico:7000', 'ok'],
      ['servico:7001', 'ok'],
      ['servico:7002', 'info'],
    ]);
    expect((await allRows(preview.bulkId, 'already')).rows[0]!.message).toBe('Não tinha o pacote Kids: nada a remover.');
  });

  it('changes link parameters: senha for all; an id_contrato shared by two is a key conflict; transmitted keys stay fixed', async () => {
    const ids = await customers(3, c.plans.fibra100);
    await run({ kind: 'customers', customerIds: ids }, { kind: 'link', packageId: c.packages.kids });
    const senha = await run({ kind: 'customers', customerIds: ids }, { kind: 'params', packageId: c.packages.kids, params: { password: 'nova-senha-123' } });
    expect(senha.preview.title).toBe('Alterar senha do pacote Kids');
    expect(senha.result.counts).toMatchObject({ done: 3 });
    expect((await liveLinks(c.packages.kids)).map((l) => l.password)).toEqual(['nova-senha-123', 'nova-senha-123', 'nova-senha-123']);
    // the password never reaches the history
    expect(senha.events.filter((e) => e.kind === 'link.params').map((e) => e.message)).toEqual([
      'Pacote Kids do serviço 7000: alterado senha (ação em massa).',
      'Pacote Kids do serviço 7001: alterado senha (ação em massa).',
      'Pacote Kids do serviço 7002: alterado senha (ação em massa).',
    ]);

    await setObserved(o, '7002', { state: 'active', confirmedAt: '2026-12-01T12:00:00.000Z' });
    const contract = await run({ kind: 'customers', customerIds: ids }, { kind: 'params', packageId: c.packages.kids, params: { contractIdentifier: 'CONTRATO-1' } });
    expect(contract.result.counts).toMatchObject({ done: 1, refused: 2 });
    const refused = (await allRows(contract.preview.bulkId, 'refused')).rows;
    expect(refused.map((r) => r.serviceId)).toEqual(['7001', '7002']);
    expect(refused[0]!.message).toMatch(/^Já existe um pacote com id_contrato "CONTRATO-1" .*\(serviço 7000\)/);
    expect(refused[1]!.message).toMatch(/^Este pacote já foi transmitido com id_contrato 7002/);
  });

  it('refuses params with nothing to change, or invalid ones, before any row, naming the field', async () => {
    await customers(1, c.plans.fibra100);
    const none = (await bulk.preview({ target: { kind: 'search', text: '' }, action: { kind: 'params', packageId: c.packages.kids, params: {} } }).catch((e: unknown) => e)) as AppError;
    expect(none.message).toBe('Escolha o que alterar: senha, id_contrato ou label.');
    const long = (await bulk.preview({ target: { kind: 'search', text: '' }, action: { kind: 'params', packageId: c.packages.kids, params: { contractIdentifier: 'x'.repeat(150) } } }).catch((e: unknown) => e)) as AppError;
    expect(long.fields).toEqual({ contractIdentifier: 'O id_contrato pode ter no máximo 100 caracteres.' });
  });
});

describe('bulk: service ids from a file', () => {
  it('reports unknown ids and repeats per line, links the known ones, and records an event for every line', async () => {
    await customers(2, c.plans.fibra100);
    const { preview, result, events: written } = await run({ kind: 'services', serviceIds: ['7001', '999', '7000', '7001'], fileName: 'selecao.csv' }, { kind: 'link', packageId: c.packages.kids });
    expect(preview).toMatchObject({ targetLabel: 'serviços do arquivo selecao.csv', services: 2, rows: 4 });
    expect(preview.counts).toMatchObject({ pending: 2, unknown: 1, already: 1 });
    const rows = (await allRows(result.bulkId)).rows;
    expect(rows.map((r) => [r.line, r.serviceId, r.outcome])).toEqual([
      [1, '7001', 'done'],
      [2, '999', 'unknown'],
      [3, '7000', 'done'],
      [4, '7001', 'already'],
    ]);
    expect(rows[1]!.message).toBe('Serviço 999 não encontrado no SVA Desk: confira o id_cliente_servico no ERP ou importe o cliente antes.');
    expect(rows[3]!.message).toBe('Repetido no arquivo (já na linha 1): tratado uma vez.');
    expect(written.filter((e) => e.kind === 'link.add')).toHaveLength(4);
    expect(await liveLinks(c.packages.kids)).toHaveLength(2);
  });

  it('decides each row again when applying: a link made on another desk after the preview is not doubled', async () => {
    await customers(2, c.plans.fibra100);
    const preview = await bulk.preview({ target: { kind: 'services', serviceIds: ['7000', '7001'] }, action: { kind: 'link', packageId: c.packages.kids } });
    expect(preview.counts.pending).toBe(2);
    await o.links.add({ serviceId: '7001', packageId: c.packages.kids });
    const result = await bulk.apply({ bulkId: preview.bulkId });
    expect(result.counts).toMatchObject({ done: 1, already: 1 });
    expect(await liveLinks(c.packages.kids)).toHaveLength(2);
  });

  it('applies a preview once; a discarded or unknown preview says to make it again', async () => {
    await customers(1, c.plans.fibra100);
    const preview = await bulk.preview({ target: { kind: 'services', serviceIds: ['7000'] }, action: { kind: 'link', packageId: c.packages.kids } });
    await bulk.apply({ bulkId: preview.bulkId });
    const twice = await bulk.apply({ bulkId: preview.bulkId });
    expect(twice.counts.done).toBe(1);
    expect(await liveLinks(c.packages.kids)).toHaveLength(1);
    expect(bulk.discard(preview.bulkId)).toEqual({ discarded: true });
    await expect(bulk.apply({ bulkId: preview.bulkId })).rejects.toThrow('Esta prévia não está mais disponível (expirou ou foi descartada). Faça a prévia de novo.');
  });
});
