import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppError } from '../../shared/contract/result';
import { IN_FLIGHT, lockedPlanReason } from '../../shared/domain';
import { addCustomer, events, maria, openOffice, seedCatalogue, setObserved, type Office } from './customers-fixtures';

let o: Office;
let c: Awaited<ReturnType<typeof seedCatalogue>>;
beforeEach(async () => {
  o = await openOffice();
  c = await seedCatalogue(o);
});
afterEach(() => o.t.close());

const refusal = (p: Promise<unknown>) => p.then(() => expect.fail('expected a refusal'), (e: unknown) => e as AppError);
const linkRows = (serviceId: string) => o.t.store.db.selectFrom('links').selectAll().where('serviceId', '=', serviceId).orderBy('createdAt').execute();
const lastEvent = async () => (await events(o)).at(-1)!;

async function mariaWithService(planId = c.plans.fibra300, kept: number[] = []) {
  const customerId = await addCustomer(o);
  const service = await o.links.addService({ customerId, values: { id: '5001', planId, status: 'servico_habilitado' }, keptOptionalPackageIds: kept });
  return { customerId, service };
}

describe('customers.save', () => {
  it('creates a customer, recording who did it, with the document masked in the history', async () => {
    const saved = await o.customers.save({ values: maria });
    expect(saved).toMatchObject({ name: 'Maria da Silva Prado', document: '52998224725', documentType: 'cpf', code: '1020', version: 1, updatedBy: 'Ana (balcão 1)' });
    expect(saved.phones).toEqual([{ ddi: '55', ddd: '11', number: '912345678', mobile: true }]);
    expect(await lastEvent()).toMatchObject({ kind: 'customer.save', subject: `cliente:${saved.id}`, clerk: 'Ana (balcão 1)', message: 'Cliente cadastrado: Maria da Silva Prado (***.982.247-**).' });
    expect(o.t.notices.at(-1)).toEqual(['customers', 'events']);
  });

  it('refuses a document already registered, naming its owner, next to the document field', async () => {
    const owner = await addCustomer(o);
    const err = await refusal(o.customers.save({ values: { name: 'Outra Pessoa', document: '52998224725' } }));
    expect(err).toMatchObject({ code: 'DUPLICATE_DOCUMENT', message: 'CPF já cadastrado para Maria da Silva Prado.' });
    expect(err.fields).toEqual({ document: 'CPF já cadastrado para Maria da Silva Prado.', ownerId: String(owner) });
    // saving the owner itself with its own document is not a duplicate
    const detail = (await o.customers.get(owner))!;
    await expect(o.customers.save({ id: owner, version: detail.customer.version, values: { ...maria, name: 'Maria S. Prado' } })).resolves.toMatchObject({ version: 2 });
  });

  it('refuses a save over a newer version (another desk), naming who changed it, and writes nothing', async () => {
    const id = await addCustomer(o);
    o.t.clerk.name = 'Bruno (balcão 2)';
    await o.customers.save({ id, version: 1, values: { ...maria, code: '2040' } });
    o.t.clerk.name = 'Ana (balcão 1)';
    const err = await refusal(o.customers.save({ id, version: 1, values: { ...maria, name: 'Nome antigo' } }));
    expect(err.code).toBe('CONFLICT');
    expect(err.message).toMatch(/^Este cliente foi alterado por Bruno \(balcão 2\) em \d{2}\/\d{2}\/\d{4}/);
    expect((await o.customers.get(id))!.customer).toMatchObject({ name: 'Maria da Silva Prado', code: '2040', version: 2 });
  });

  it('gives the form its field messages for invalid values', async () => {
    const err = await refusal(o.customers.save({ values: { name: ' ', document: '123.456.789-00', emails: ['x@'], phones: ['123'] } }));
    expect(err.code).toBe('VALIDATION');
    expect(err.fields).toMatchObject({ name: 'Informe o nome do cliente.', document: 'CPF inválido: dígitos verificadores não conferem. Confira o documento digitado.' });
    expect(err.fields?.['emails.0']).toMatch(/^E-mail inválido/);
    expect(await events(o)).toHaveLength(3); // the catalogue's three plans only
  });

  it('asks for a pass when a customer with packages changes (the subscriber data goes with them)', async () => {
    const { customerId } = await mariaWithService();
    o.t.passes.length = 0;
    await o.customers.save({ id: customerId, version: 1, values: { ...maria, emails: ['nova@exemplo.com.br'] } });
    expect(o.t.passes).toEqual([{ reason: 'edit', integrationIds: [c.integration] }]);
  });
});

describe('services.add (S8, S11)', () => {
  it('S8/S11: offers the plan defaults, attaches the mandatory ones and the optional ones the clerk kept', async () => {
    expect(await o.links.serviceDefaults(c.plans.fibra300)).toEqual({
      planId: c.plans.fibra300,
      planName: 'Fibra 300',
      packages: [
        { packageId: c.packages.leitura, name: 'Leitura', priceCents: 990, mandatory: true },
        { packageId: c.packages.kids, name: 'Kids', priceCents: 990, mandatory: false },
      ],
    });
    const left = await mariaWithService(c.plans.fibra300, []);
    expect(left.service.links.map((l) => l.packageName)).toEqual(['Leitura']);
    expect(await lastEvent()).toMatchObject({ kind: 'service.add', subject: `cliente:${left.customerId}/servico:5001`, message: 'Serviço 5001 adicionado ao cliente Maria da Silva Prado no plano Fibra 300 (Serviço Habilitado), com os pacotes: Leitura.' });

    const other = await addCustomer(o, { name: 'João Lima', document: '111.444.777-35', emails: ['j@x.com.br'], phones: ['(11) 99999-0000'] });
    const kept = await o.links.addService({ customerId: other, values: { id: '6001', planId: c.plans.fibra300, status: 'Suspenso por Débito' }, keptOptionalPackageIds: [c.packages.kids] });
    expect(kept.links.map((l) => l.packageName)).toEqual(['Leitura', 'Kids']);
    expect(kept.status).toBe('suspenso_debito');
    expect(o.t.passes.at(-1)).toEqual({ reason: 'edit', integrationIds: [c.integration] });
  });

  it('S8: an inactive default package is neither offered nor attached', async () => {
    await o.t.store.db.updateTable('packages').set({ active: 0 }).where('id', '=', c.packages.leitura).execute();
    expect((await o.links.serviceDefaults(c.plans.fibra300)).packages.map((p) => p.name)).toEqual(['Kids']);
    const { service } = await mariaWithService(c.plans.fibra300, []);
    expect(service.links).toEqual([]);
    expect(await lastEvent()).toMatchObject({ message: expect.stringContaining(', sem pacotes.') });
  });

  it('refuses an id_cliente_servico already in use, naming its customer, and writes nothing', async () => {
    await mariaWithService();
    const other = await addCustomer(o, { name: 'João Lima', document: '111.444.777-35' });
    const err = await refusal(o.links.addService({ customerId: other, values: { id: ' 5001 ', planId: c.plans.fibra100, status: 'servico_habilitado' }, keptOptionalPackageIds: [] }));
    expect(err).toMatchObject({ code: 'DUPLICATE_SERVICE', fields: { id: 'Já existe o serviço 5001 no cliente Maria da Silva Prado. Confira o id_cliente_servico no ERP.' } });
    expect((await o.customers.get(other))!.services).toEqual([]);
  });
});

describe('links (S7, S9, S10, S12)', () => {
  it('S10: a link shows its defaults (id_cliente_servico, the package label, the CPF as senha) and its overrides', async () => {
    const { customerId } = await mariaWithService(c.plans.fibra100);
    const plain = await o.links.add({ serviceId: '5001', packageId: c.packages.leitura });
    expect(plain).toMatchObject({ packageName: 'Leitura', effective: { contractIdentifier: '5001', label: c.labels.leitura, passwordIsDefault: true }, keyLocked: false, onPlatform: null, version: 1 });
    expect(await lastEvent()).toMatchObject({ kind: 'link.add', integrationId: c.integration, message: `Pacote Leitura vinculado ao serviço 5001 (id_contrato 5001, label ${c.labels.leitura}).` });
    const custom = await o.links.add({ serviceId: '5001', packageId: c.packages.kids, params: { password: 'Senha#1', contractIdentifier: ' CT-9 ', label: 'campsoft-kids-especial' } });
    expect(custom.effective).toEqual({ contractIdentifier: 'CT-9', label: 'campsoft-kids-especial', passwordIsDefault: false });
    // the history never holds the password
    expect(JSON.stringify(await events(o))).not.toContain('Senha#1');
    const detail = (await o.customers.get(customerId))!;
    expect(detail.services[0]!.links.map((l) => l.effective.contractIdentifier)).toEqual(['5001', 'CT-9']);
  });

  it('S10: an invalid label is refused next to its field', async () => {
    await mariaWithService(c.plans.fibra100);
    const err = await refusal(o.links.add({ serviceId: '5001', packageId: c.packages.leitura, params: { label: 'Com Espaço' } }));
    expect(err).toMatchObject({ code: 'VALIDATION', fields: { label: expect.stringMatching(/^Label inválido/) } });
  });

  it('S3 reading: never two live links with the same (id_contrato, label) on one integration', async () => {
    await mariaWithService(c.plans.fibra100);
    await o.links.add({ serviceId: '5001', packageId: c.packages.leitura });
    const twice = await refusal(o.links.add({ serviceId: '5001', packageId: c.packages.leitura }));
    expect(twice.code).toBe('DUPLICATE_LINK_KEY');
    expect(twice.fields?.contractIdentifier).toBe(
      `Já existe um pacote com id_contrato "5001" e label "${c.labels.leitura}" nesta integração (serviço 5001). A plataforma identifica a licença por esse par: informe outro id_contrato ou outro label.`,
    );
    // another service pointing its id_contrato at 5001 clashes too
    const other = await addCustomer(o, { name: 'João Lima', document: '111.444.777-35' });
    await o.links.addService({ customerId: other, values: { id: '6001', planId: c.plans.fibra100, status: 'servico_habilitado' }, keptOptionalPackageIds: [] });
    expect((await refusal(o.links.add({ serviceId: '6001', packageId: c.packages.leitura, params: { contractIdentifier: '5001' } }))).code).toBe('DUPLICATE_LINK_KEY');
    // with its own label it is another licence
    await expect(o.links.add({ serviceId: '6001', packageId: c.packages.leitura, params: { contractIdentifier: '5001', label: 'campsoft-leitura-joao' } })).resolves.toMatchObject({ effective: { contractIdentifier: '5001' } });
  });

  it('S12: on a locked plan only its own packages are offered, and another one is refused with the explanation', async () => {
    await mariaWithService(c.plans.travado);
    const options = await o.links.options('5001');
    expect(options.packages.map((p) => p.name)).toEqual(['Cursos']);
    expect(options.reason).toBe(lockedPlanReason('Fibra 500 Travado'));
    expect(options.reason).toContain('Configuração › Geral › Serviços/Planos › Fibra 500 Travado › aba Pacotes');
    const err = await refusal(o.links.add({ serviceId: '5001', packageId: c.packages.leitura }));
    expect(err).toMatchObject({ code: 'PACKAGE_NOT_ALLOWED', message: lockedPlanReason('Fibra 500 Travado'), fields: { packageId: lockedPlanReason('Fibra 500 Travado') } });
    await expect(o.links.add({ serviceId: '5001', packageId: c.packages.cursos })).resolves.toMatchObject({ packageName: 'Cursos' });
    expect((await o.links.options('5001')).packages).toEqual([expect.objectContaining({ name: 'Cursos', linked: true })]);
  });

  it('S12: a plan that does not lock packages offers every active one, with no reason', async () => {
    await mariaWithService(c.plans.fibra100);
    await o.t.store.db.updateTable('packages').set({ active: 0 }).where('id', '=', c.packages.kids).execute();
    const options = await o.links.options('5001');
    expect(options.reason).toBeNull();
    expect(options.packages.map((p) => p.name).sort()).toEqual(['Cursos', 'Leitura']);
    expect((await refusal(o.links.add({ serviceId: '5001', packageId: c.packages.kids }))).code).toBe('PACKAGE_INACTIVE');
  });

  it('S9: a customer without e-mail or phone gets the link saved, marked as not transmittable', async () => {
    const id = await addCustomer(o, { name: 'Sem Contato', document: '111.444.777-35' });
    await o.links.addService({ customerId: id, values: { id: '7001', planId: c.plans.fibra100, status: 'servico_habilitado' }, keptOptionalPackageIds: [] });
    await expect(o.links.add({ serviceId: '7001', packageId: c.packages.leitura })).resolves.toMatchObject({ packageName: 'Leitura' });
    expect((await o.customers.get(id))!.notTransmittable).toEqual([
      'Cliente sem e-mail cadastrado: cadastre um e-mail válido no cliente para transmitir os pacotes.',
      'Cliente sem telefone cadastrado: cadastre um telefone com DDD no cliente para transmitir os pacotes.',
    ]);
    expect((await o.customers.get((await mariaWithService()).customerId))!.notTransmittable).toEqual([]);
  });

  it('S10: id_contrato and label are fixed while the platform may hold a licence under them; senha still changes', async () => {
    await mariaWithService(c.plans.fibra100);
    const link = await o.links.add({ serviceId: '5001', packageId: c.packages.leitura });
    await setObserved(o, '5001', { state: 'active', sentHash: 'a.b', confirmedAt: '2026-12-01T10:00:00.000Z' });
    const err = await refusal(o.links.update({ linkId: link.id, params: { contractIdentifier: 'CT-NOVO' } }));
    expect(err).toMatchObject({ code: 'KEY_LOCKED', fields: { contractIdentifier: 'Já transmitido: remova e vincule de novo para mudar.' } });
    expect(err.message).toBe(`Este pacote já foi transmitido com id_contrato 5001 e label ${c.labels.leitura}. Para mudar esses dois, remova o pacote (a licença é cancelada na plataforma) e vincule-o de novo.`);
    expect((await refusal(o.links.update({ linkId: link.id, params: { label: 'campsoft-outro' } }))).fields).toEqual({ label: 'Já transmitido: remova e vincule de novo para mudar.' });
    const changed = await o.links.update({ linkId: link.id, params: { password: 'Nova#Senha' } });
    expect(changed).toMatchObject({ keyLocked: true, onPlatform: 'licença ativa na plataforma', effective: { passwordIsDefault: false }, version: 2 });
    expect(await lastEvent()).toMatchObject({ kind: 'link.params', message: 'Pacote Leitura do serviço 5001: alterado senha.' });

    // the first send under way: the grant may land with the key it carries
    await setObserved(o, '5001', { state: 'none', error: { code: IN_FLIGHT, message: 'Transmissão em andamento', retryable: true } });
    expect((await refusal(o.links.update({ linkId: link.id, params: { contractIdentifier: 'CT-NOVO' } }))).code).toBe('KEY_LOCKED');
    // confirmed cancelled: nothing is billed under the old key, it may change
    await setObserved(o, '5001', { state: 'canceled', sentHash: 'a.b' });
    await expect(o.links.update({ linkId: link.id, params: { contractIdentifier: 'CT-NOVO' } })).resolves.toMatchObject({ effective: { contractIdentifier: 'CT-NOVO' }, keyLocked: false });
  });

  it('refuses a link update over a newer version', async () => {
    await mariaWithService(c.plans.fibra100);
    const link = await o.links.add({ serviceId: '5001', packageId: c.packages.leitura });
    await o.links.update({ linkId: link.id, version: 1, params: { password: 'x' } });
    expect((await refusal(o.links.update({ linkId: link.id, version: 1, params: { password: 'y' } }))).code).toBe('CONFLICT');
  });

  it('a removed package stays, marked, until the platform confirms the cancellation', async () => {
    const { customerId } = await mariaWithService();
    const [leitura] = await linkRows('5001');
    o.t.passes.length = 0;
    expect(await o.links.remove({ linkId: leitura!.id })).toEqual({ removed: true });
    expect(await lastEvent()).toMatchObject({ kind: 'link.remove', message: 'Pacote Leitura removido do serviço 5001; a licença será cancelada na plataforma.' });
    expect(o.t.passes).toEqual([{ reason: 'edit', integrationIds: [c.integration] }]);
    const [row] = await linkRows('5001');
    expect(row!.removedAt).toBe('2026-12-01T12:00:00.000Z');
    expect((await o.customers.get(customerId))!.services[0]!.links[0]).toMatchObject({ id: leitura!.id, removedAt: '2026-12-01T12:00:00.000Z' });
    expect(await o.links.remove({ linkId: leitura!.id })).toEqual({ removed: false });
    expect((await refusal(o.links.update({ linkId: leitura!.id, params: {} }))).code).toBe('LINK_NOT_FOUND');
  });
});

describe('services.setStatus and services.migratePlan (S2, S8, S12)', () => {
  it('changes the status in the ERP words, cancels with its own event, and does nothing for the same status', async () => {
    await mariaWithService();
    o.t.passes.length = 0;
    await expect(o.links.setStatus({ serviceId: '5001', status: 'Suspenso por Débito', version: 1 })).resolves.toMatchObject({ status: 'suspenso_debito', version: 2 });
    expect(await lastEvent()).toMatchObject({ kind: 'service.status', message: 'Serviço 5001: status alterado de Serviço Habilitado para Suspenso por Débito.' });
    const count = (await events(o)).length;
    await o.links.setStatus({ serviceId: '5001', status: 'suspenso_debito' });
    expect(await events(o)).toHaveLength(count);
    await o.links.setStatus({ serviceId: '5001', status: 'cancelado' });
    expect(await lastEvent()).toMatchObject({ kind: 'service.cancel', message: 'Serviço 5001 cancelado (antes: Suspenso por Débito). Os pacotes serão cancelados na plataforma.' });
    expect(o.t.passes).toHaveLength(2);
    expect((await refusal(o.links.setStatus({ serviceId: '5001', status: 'Quase pago' }))).fields?.status).toMatch(/^Status "Quase pago" desconhecido/);
    expect((await refusal(o.links.setStatus({ serviceId: '5001', status: 'servico_habilitado', version: 1 }))).code).toBe('CONFLICT');
  });

  it('S8/S12: a migration to a locked plan adds its defaults and asks keep or remove for each package it does not allow', async () => {
    await mariaWithService(c.plans.fibra300, [c.packages.kids]);
    const [leitura, kids] = await linkRows('5001');
    const preview = await o.links.migrationPreview({ serviceId: '5001', planId: c.plans.travado });
    expect(preview).toEqual({
      fromPlanName: 'Fibra 300',
      toPlanName: 'Fibra 500 Travado',
      add: [{ packageId: c.packages.cursos, name: 'Cursos' }],
      keep: [],
      notAllowed: [
        { linkId: leitura!.id, packageId: c.packages.leitura, name: 'Leitura' },
        { linkId: kids!.id, packageId: c.packages.kids, name: 'Kids' },
      ],
      reason: lockedPlanReason('Fibra 500 Travado'),
    });
    const undecided = await refusal(o.links.migratePlan({ serviceId: '5001', planId: c.plans.travado, decisions: { [leitura!.id]: 'keep' } }));
    expect(undecided).toMatchObject({ code: 'DECISION_MISSING', fields: { [`decision.${kids!.id}`]: 'Escolha Manter ou Remover.' } });
    expect((await linkRows('5001')).length).toBe(2);

    const migrated = await o.links.migratePlan({ serviceId: '5001', planId: c.plans.travado, decisions: { [leitura!.id]: 'keep', [kids!.id]: 'remove' } });
    expect(migrated).toMatchObject({ planId: c.plans.travado, planName: 'Fibra 500 Travado', lockPackages: true });
    expect(migrated.links.map((l) => [l.packageName, l.removedAt !== undefined])).toEqual([['Leitura', false], ['Kids', true], ['Cursos', false]]);
    expect(await lastEvent()).toMatchObject({ kind: 'service.migrate', message: 'Serviço 5001 migrado do plano Fibra 300 para Fibra 500 Travado. Pacotes adicionados: Cursos. Pacotes removidos: Kids.' });
    expect((await refusal(o.links.migratePlan({ serviceId: '5001', planId: c.plans.travado, decisions: {} }))).code).toBe('SAME_PLAN');
  });

  it('S8: migrating to a plan whose defaults the service already has adds nothing', async () => {
    await mariaWithService(c.plans.fibra100);
    await o.links.add({ serviceId: '5001', packageId: c.packages.leitura });
    const migrated = await o.links.migratePlan({ serviceId: '5001', planId: c.plans.fibra300, decisions: {} });
    expect(migrated.links.map((l) => l.packageName)).toEqual(['Leitura', 'Kids']);
  });
});
