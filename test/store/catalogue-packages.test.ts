import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/result';
import { defaultStatusMap, formatBRL } from '../../shared/domain';
import { openCatalogue, sandboxDraft, seedLink, seedProducts, type Catalogue } from './catalogue-support';
import { cpfFor } from '../fixtures/documents';

let c: Catalogue;
let integration: string;
beforeEach(async () => {
  c = await openCatalogue();
  integration = (await c.integrations.save({ values: { description: 'Campsoft', suspendBySubscriptionStatus: true, statusMap: defaultStatusMap }, connection: sandboxDraft })).id;
  await seedProducts(c.t, integration, [{ code: '1192001', name: 'Leitura Digital Premium' }, { code: '1192002', name: 'Biblioteca Infantil' }, { code: '1192007', name: 'Leitura Básico', status: 'inactive' }]);
  c.t.passes.length = 0;
  c.t.notices.length = 0;
});
afterEach(() => c.close());

const values = (over: Record<string, unknown> = {}) => ({
  name: 'Leitura Digital',
  description: '',
  kind: 'avulso',
  priceCents: '19,90',
  composition: [
    { description: 'Licença de leitura digital', fiscalKind: 'SVA', amountCents: 1490 },
    { description: 'Suporte', fiscalKind: 'SCM', amountCents: 500 },
  ],
  integrationId: integration,
  productCode: '1192001',
  ...over,
});
const approval = { by: 'Contabilidade Souza', at: '2026-11-20T15:00:00.000Z' };
const lastEvent = async () => (await c.t.store.db.selectFrom('events').selectAll().orderBy('id', 'desc').executeTakeFirstOrThrow());
const failure = (p: Promise<unknown>) => p.then(() => null, (e: unknown) => e as AppError);

describe('packages on the embedded store', () => {
  it('S10: a blank label is generated from the name and the new package number, and recorded', async () => {
    const saved = await c.packages.save({ values: values() });
    expect(saved).toMatchObject({
      label: `campsoft-leitura-digital-${saved.id}`,
      priceCents: 1990,
      active: true,
      productName: 'Leitura Digital Premium',
      productInactive: false,
      linkCount: 0,
      version: 1,
      updatedBy: 'Ana (balcão 1)',
    });
    expect(await lastEvent()).toMatchObject({
      kind: 'package.save',
      subject: `pacote:${saved.id}`,
      integrationId: integration,
      message: `Pacote Nº ${saved.id} · Leitura Digital criado: ${formatBRL(1990)}, produto 1192001, label campsoft-leitura-digital-${saved.id}.`,
    });
    expect(c.t.notices).toEqual([['packages', 'events']]);
    // a new package is on no service yet: nothing to transmit
    expect(c.t.passes).toEqual([]);
  });

  it('S10: a typed label is kept; left blank on an edit, it goes back to the standard one', async () => {
    const typed = await c.packages.save({ values: values({ label: 'leitura-promo' }) });
    expect(typed.label).toBe('leitura-promo');
    const back = await c.packages.save({ id: typed.id, version: typed.version, values: values({ name: 'Leitura Plus', label: '' }) });
    expect(back.label).toBe(`campsoft-leitura-plus-${typed.id}`);
    const bad = await failure(c.packages.save({ values: values({ label: 'Leitura Promo!' }) }));
    expect(bad?.fields?.label).toMatch(/^Label inválido: use só letras minúsculas/);
  });

  it('S10: a label is unique per integration; the field says which package has it', async () => {
    const first = await c.packages.save({ values: values() });
    const taken = await failure(c.packages.save({ values: values({ name: 'Outro', label: first.label }) }));
    expect(taken).toMatchObject({ code: 'VALIDATION' });
    expect(taken?.fields).toEqual({ label: `Label já usado pelo pacote Nº ${first.id} · Leitura Digital: informe outro label ou deixe em branco para gerar o padrão.` });
    // the standard label of a later package is checked too: someone typed it by hand before
    const squatter = await c.packages.save({ values: values({ name: 'Manual', label: `campsoft-leitura-digital-${first.id + 2}` }) });
    const clash = await failure(c.packages.save({ values: values() }));
    expect(clash?.fields?.label).toBe(`Label já usado pelo pacote Nº ${squatter.id} · Manual: informe outro label ou deixe em branco para gerar o padrão.`);
    // the same label in another integration is another licence key: allowed
    const other = (await c.integrations.save({ values: { description: 'Campsoft Filial' }, connection: sandboxDraft })).id;
    await seedProducts(c.t, other, [{ code: '1192001' }]);
    await expect(c.packages.save({ values: values({ integrationId: other, label: first.label }) })).resolves.toMatchObject({ label: first.label, integrationId: other });
    expect((await c.packages.list()).filter((p) => p.integrationId === integration)).toHaveLength(2);
  });

  it('S3: a package delivers exactly one product of its integration’s catalogue', async () => {
    const none = await failure(c.packages.save({ values: values({ productCode: undefined }) }));
    expect(none?.fields?.productCode).toBe('Escolha um produto: na Campsoft cada pacote entrega exatamente um produto.');
    const unknown = await failure(c.packages.save({ values: values({ productCode: '999' }) }));
    expect(unknown?.fields?.productCode).toBe('O produto de código 999 não está no catálogo desta integração: sincronize os produtos ou escolha outro.');
    const inactive = await failure(c.packages.save({ values: values({ productCode: '1192007' }) }));
    expect(inactive?.fields?.productCode).toBe('O produto "Leitura Básico" não está mais ativo na plataforma: escolha outro produto.');
    const noIntegration = await failure(c.packages.save({ values: values({ integrationId: 'nao-existe' }) }));
    expect(noIntegration?.fields?.integrationId).toBe('A integração escolhida não existe mais: escolha outra.');
    expect(await c.packages.list()).toEqual([]);
  });

  it('S3/S4: a package whose product went inactive still saves its other fields, and the list says it cannot be delivered', async () => {
    const saved = await c.packages.save({ values: values() });
    await c.t.store.db.updateTable('products').set({ status: 'inactive' }).where('code', '=', '1192001').execute();
    const renamed = await c.packages.save({ id: saved.id, version: saved.version, values: values({ name: 'Leitura Digital (antigo)', label: saved.label }) });
    expect(renamed).toMatchObject({ name: 'Leitura Digital (antigo)', productCode: '1192001', productInactive: true, productName: 'Leitura Digital Premium' });
    expect((await c.packages.list()).map((p) => p.productInactive)).toEqual([true]);
  });

  it('S6: the items must sum to the price', async () => {
    const err = await failure(c.packages.save({ values: values({ priceCents: '25,00' }) }));
    expect(err?.fields?.composition).toBe(`A composição soma ${formatBRL(1990)}, mas o preço do pacote é ${formatBRL(2500)}. Faltam ${formatBRL(510)}: ajuste os itens.`);
    // a free benefit needs no items
    await expect(c.packages.save({ values: values({ kind: 'beneficio', priceCents: 0, composition: [] }) })).resolves.toMatchObject({ priceCents: 0, composition: [] });
  });

  it('S6: the accountant’s approval survives a change of name, and is cleared when price or items change', async () => {
    const saved = await c.packages.save({ values: values(), approval });
    expect(saved.compositionApproval).toEqual(approval);
    const renamed = await c.packages.save({ id: saved.id, version: saved.version, values: values({ name: 'Leitura Digital Plus', label: saved.label }) });
    expect(renamed.compositionApproval).toEqual(approval);

    const repriced = await c.packages.save({
      id: saved.id,
      version: renamed.version,
      values: values({ name: 'Leitura Digital Plus', label: saved.label, priceCents: '24,90', composition: [{ description: 'Licença de leitura digital', fiscalKind: 'SVA', amountCents: 2490 }] }),
    });
    expect(repriced.compositionApproval).toBeUndefined();
    expect((await lastEvent()).message).toBe(
      `Pacote Nº ${saved.id} · Leitura Digital Plus alterado: ${formatBRL(2490)}, produto 1192001, label ${saved.label}. Preço ou composição mudou: aguardando nova validação da contabilidade.`,
    );
    // the same approval sent back with changed items (the form still showed it) does not hold either
    const again = await c.packages.save({ id: saved.id, version: repriced.version, values: values({ label: saved.label }), approval });
    expect(again.compositionApproval).toEqual(approval);
    const stale = await c.packages.save({ id: saved.id, version: again.version, values: values({ label: saved.label, composition: [{ description: 'Tudo SVA', fiscalKind: 'SVA', amountCents: 1990 }] }), approval });
    expect(stale.compositionApproval).toBeUndefined();
  });

  it('S6: a new approval is dated no later than today; approveComposition records who and when', async () => {
    const future = await failure(c.packages.save({ values: values(), approval: { by: 'Contador', at: '2027-01-10T12:00:00.000Z' } }));
    expect(future?.fields).toEqual({ approvedAt: 'A data da validação não pode estar no futuro.' });
    const blank = await failure(c.packages.save({ values: values(), approval: { by: '  ', at: approval.at } }));
    expect(blank?.fields).toEqual({ approvedBy: 'Informe quem validou a composição (nome do contador ou do escritório).' });

    const saved = await c.packages.save({ values: values() });
    const approved = await c.packages.approveComposition({ id: saved.id, version: saved.version, by: ' Contabilidade Souza ' });
    expect(approved).toMatchObject({ compositionApproval: { by: 'Contabilidade Souza', at: '2026-12-01T12:00:00.000Z' }, version: 2 });
    expect(await lastEvent()).toMatchObject({ kind: 'package.approve', message: `Composição do pacote Nº ${saved.id} · Leitura Digital validada pela contabilidade: Contabilidade Souza, em 01/12/2026.` });
    await expect(c.packages.approveComposition({ id: saved.id, version: saved.version, by: 'Outro' })).rejects.toMatchObject({ code: 'CONFLICT' });
    expect(c.t.passes).toEqual([]);
  });

  it('changing what a package delivers asks for a pass on its integration; price or name do not', async () => {
    const saved = await c.packages.save({ values: values() });
    const repriced = await c.packages.save({
      id: saved.id,
      version: saved.version,
      values: values({ name: 'Leitura', label: saved.label, priceCents: '9,90', composition: [{ description: 'Licença', fiscalKind: 'SVA', amountCents: 990 }] }),
    });
    expect(c.t.passes).toEqual([]);
    await c.packages.save({ id: saved.id, version: repriced.version, values: values({ label: saved.label, productCode: '1192002' }) });
    expect(c.t.passes).toEqual([{ reason: 'edit', integrationIds: [integration] }]);
  });

  it('a new label changes the licence key of its links: a pass follows', async () => {
    const saved = await c.packages.save({ values: values() });
    await c.packages.save({ id: saved.id, version: saved.version, values: values({ label: 'leitura-nova' }) });
    expect(c.t.passes).toEqual([{ reason: 'edit', integrationIds: [integration] }]);
  });

  it('deactivating a package asks for a pass; its links stay and it can be reactivated', async () => {
    const saved = await c.packages.save({ values: values() });
    const off = await c.packages.setActive({ id: saved.id, version: saved.version, active: false });
    expect(off).toMatchObject({ active: false, version: 2 });
    expect(await lastEvent()).toMatchObject({
      kind: 'package.deactivate',
      message: `Pacote Nº ${saved.id} · Leitura Digital desativado: não pode mais ser vinculado a serviços nem a planos; os vínculos atuais continuam.`,
    });
    expect(c.t.passes).toEqual([{ reason: 'edit', integrationIds: [integration] }]);
    // an edit keeps it inactive: the wizard's "active" does not undo Desativar
    const edited = await c.packages.save({ id: saved.id, version: off.version, values: values({ label: saved.label, description: 'x' }) });
    expect(edited.active).toBe(false);
  });

  it('refuses a save over a newer version and keeps the newer one', async () => {
    const saved = await c.packages.save({ values: values() });
    c.t.clerk.name = 'Bruno (balcão 2)';
    await c.packages.save({ id: saved.id, version: saved.version, values: values({ label: saved.label, description: 'da mesa 2' }) });
    c.t.clerk.name = 'Ana (balcão 1)';
    const stale = c.packages.save({ id: saved.id, version: saved.version, values: values({ label: saved.label, productCode: '1192002' }) });
    await expect(stale).rejects.toMatchObject({ code: 'CONFLICT' });
    await expect(stale).rejects.toThrow(/Este pacote foi alterado por Bruno \(balcão 2\)/);
    expect(await c.packages.get(saved.id)).toMatchObject({ description: 'da mesa 2', productCode: '1192001', version: 2 });
    expect(c.t.passes).toEqual([]);
  });

  it('refuses to delete a package while services or plans use it, naming them; deletes it when unused', async () => {
    const used = await c.packages.save({ values: values() });
    const plan = await c.plans.save({ values: { name: 'FIBRA 300MB', priceCents: 9990, defaultPackages: [{ packageId: used.id, mandatory: true }] } });
    await c.plans.save({ values: { name: 'FIBRA 1GB', priceCents: 19990, defaultPackages: [{ packageId: used.id, mandatory: false }] } });
    await seedLink(c.t, { planId: plan.id, packageId: used.id, serviceId: '4021', document: cpfFor(1) });
    // a removed link still to be cancelled on the platform counts too
    await seedLink(c.t, { planId: plan.id, packageId: used.id, serviceId: '4022', document: cpfFor(2), removed: true });

    const refused = c.packages.delete({ id: used.id });
    await expect(refused).rejects.toMatchObject({ code: 'IN_USE' });
    await expect(refused).rejects.toThrow(
      `O pacote Nº ${used.id} · Leitura Digital é usado por 2 serviços de clientes (4021, 4022) e os planos "FIBRA 1GB", "FIBRA 300MB", por isso não pode ser excluído. Desative-o para que não seja mais vinculado.`,
    );
    expect(await c.packages.get(used.id)).toMatchObject({ linkCount: 1 });
    // the list asks first, so the clerk reads the same sentence before confirming anything
    expect(await c.packages.usage(used.id)).toEqual({
      serviceIds: ['4021', '4022'],
      planNames: ['FIBRA 1GB', 'FIBRA 300MB'],
      refusal: expect.stringContaining('é usado por 2 serviços de clientes (4021, 4022) e os planos "FIBRA 1GB", "FIBRA 300MB"'),
    });

    const unused = await c.packages.save({ values: values({ name: 'Sem uso' }) });
    expect(await c.packages.usage(unused.id)).toEqual({ serviceIds: [], planNames: [], refusal: null });
    expect(await c.packages.delete({ id: unused.id, version: unused.version })).toEqual({ deleted: true });
    await expect(c.packages.usage(unused.id)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    expect(await c.packages.get(unused.id)).toBeNull();
    expect(await lastEvent()).toMatchObject({ kind: 'package.delete', message: `Pacote Nº ${unused.id} · Sem uso excluído (não era usado por nenhum serviço nem plano).` });
    expect((await c.packages.list()).map((p) => p.id)).toEqual([used.id]);
  });
});
