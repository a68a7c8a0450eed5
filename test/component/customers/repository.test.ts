import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../../renderer/db/db';
import { DESIRED_STATE_CHANGED } from '../../../renderer/features/customers/changes';
import {
  addService,
  cancelService,
  changeServiceStatus,
  linkPackage,
  migrateService,
  removeLink,
  saveCustomer,
  updateLinkParams,
} from '../../../renderer/features/customers/repository';
import { CustomerForm, effectivePassword } from '../../../shared/domain';
import { addCustomer, clearAll, cursos, fibra300, fibraLivre, fibraTravada, kids, leitura, maria, seedCatalogue } from './fixtures';

const liveLinks = async (serviceId: string) => (await db.links.where('serviceId').equals(serviceId).toArray()).filter((l) => !l.removedAt);
const packageIds = async (serviceId: string) => (await liveLinks(serviceId)).map((l) => l.packageId).sort();

beforeEach(async () => {
  await clearAll();
  await seedCatalogue();
});

describe('customers', () => {
  it('stores the document normalized and derives the search keys', async () => {
    const id = await addCustomer({ ...maria, name: 'Élida Conceição', phones: ['(11) 91234-5678', '(21) 3456-7890'] });
    const row = await db.customers.get(id);
    expect(row?.document).toBe('52998224725');
    expect(row?.nameKey).toBe('elida conceicao');
    expect(row?.phoneKeys).toEqual(expect.arrayContaining(['5511912345678', '11912345678', '912345678', '2134567890', '34567890']));
  });

  it('refuses a second customer with the same CPF and names who has it', async () => {
    await addCustomer();
    await expect(addCustomer({ ...maria, name: 'Outra Pessoa', document: '52998224725' })).rejects.toThrow('CPF já cadastrado para Maria José da Silva.');
    expect(await db.customers.count()).toBe(1);
  });

  it('updates a customer without tripping on its own document, and records both writes in the history', async () => {
    const id = await addCustomer();
    await saveCustomer(CustomerForm.parse({ ...maria, name: 'Maria J. Silva' }), { id });
    expect((await db.customers.get(id))?.nameKey).toBe('maria j. silva');
    const events = await db.events.where('kind').equals('customer.save').toArray();
    expect(events.map((e) => e.message)).toEqual([
      'Cliente cadastrado: Maria José da Silva (***.982.247-**).',
      'Cliente alterado: Maria J. Silva (***.982.247-**).',
    ]);
  });

  it('tells the transmission controller after a committed write, not after a refused one', async () => {
    let count = 0;
    const listener = () => count++;
    window.addEventListener(DESIRED_STATE_CHANGED, listener);
    try {
      await addCustomer();
      await expect(addCustomer()).rejects.toThrow();
      expect(count).toBe(1);
    } finally {
      window.removeEventListener(DESIRED_STATE_CHANGED, listener);
    }
  });
});

describe('services', () => {
  it('S8/S11: a new service gets the mandatory default package and the optional ones the clerk kept', async () => {
    const customerId = await addCustomer();
    await addService(customerId, { id: '1001', planId: fibra300.id, status: 'servico_habilitado' }, [kids.id]);
    expect(await packageIds('1001')).toEqual([leitura.id, kids.id]);
    const links = await liveLinks('1001');
    expect(links.every((l) => l.observed.state === 'none')).toBe(true);
  });

  it('S11: an optional default left out is not linked, a mandatory one always is', async () => {
    const customerId = await addCustomer();
    await addService(customerId, { id: '1002', planId: fibra300.id, status: 'servico_habilitado' }, []);
    expect(await packageIds('1002')).toEqual([leitura.id]);
  });

  it('refuses an id_cliente_servico that already exists and says on which customer', async () => {
    const customerId = await addCustomer();
    await addService(customerId, { id: '1003', planId: fibraLivre.id, status: 'servico_habilitado' }, []);
    await expect(addService(customerId, { id: '1003', planId: fibraLivre.id, status: 'servico_habilitado' }, [])).rejects.toThrow(
      'Já existe o serviço 1003 no cliente Maria José da Silva.',
    );
  });

  it('changes and cancels the status, each with a history event', async () => {
    const customerId = await addCustomer();
    await addService(customerId, { id: '1004', planId: fibraLivre.id, status: 'servico_habilitado' }, []);
    await changeServiceStatus('1004', 'suspenso_debito');
    expect((await db.services.get('1004'))?.status).toBe('suspenso_debito');
    await cancelService('1004');
    expect((await db.services.get('1004'))?.status).toBe('cancelado');
    const messages = (await db.events.orderBy('id').toArray()).map((e) => e.message);
    expect(messages).toContain('Serviço 1004: status alterado de Serviço Habilitado para Suspenso por Débito.');
    expect(messages.some((m) => m.startsWith('Serviço 1004 cancelado'))).toBe(true);
  });

  it('S8: migrating to a plan adds its default packages', async () => {
    const customerId = await addCustomer();
    await addService(customerId, { id: '1005', planId: fibraLivre.id, status: 'servico_habilitado' }, []);
    await migrateService('1005', fibra300.id, {});
    expect((await db.services.get('1005'))?.planId).toBe(fibra300.id);
    expect(await packageIds('1005')).toEqual([leitura.id, kids.id]);
  });

  it('S12: migrating to a locked plan needs a decision per package it does not allow, and applies it', async () => {
    const customerId = await addCustomer();
    await addService(customerId, { id: '1006', planId: fibra300.id, status: 'servico_habilitado' }, [kids.id]);
    const [leituraLink, kidsLink] = await liveLinks('1006').then((ls) => [ls.find((l) => l.packageId === leitura.id)!, ls.find((l) => l.packageId === kids.id)!]);
    await expect(migrateService('1006', fibraTravada.id, { [leituraLink.id]: 'keep' })).rejects.toThrow('escolha Manter ou Remover');
    expect((await db.services.get('1006'))?.planId).toBe(fibra300.id);

    await migrateService('1006', fibraTravada.id, { [leituraLink.id]: 'keep', [kidsLink.id]: 'remove' });
    expect(await packageIds('1006')).toEqual([leitura.id, cursos.id]);
    expect((await db.links.get(kidsLink.id))?.removedAt).toBeTruthy();
  });
});

describe('links', () => {
  async function serviceOn(planId: number, id = '2001') {
    const customerId = await addCustomer();
    await addService(customerId, { id, planId, status: 'servico_habilitado' }, []);
    return id;
  }

  it('S12: refuses a package the locked plan does not carry and says why', async () => {
    const serviceId = await serviceOn(fibraTravada.id);
    await expect(linkPackage(serviceId, kids.id)).rejects.toThrow('O plano "Fibra 500 Travado" está com Travar Pacotes ligado');
    expect(await packageIds(serviceId)).toEqual([]);
    await linkPackage(serviceId, cursos.id);
    expect(await packageIds(serviceId)).toEqual([cursos.id]);
  });

  it('S10: keeps the defaults when blank and saves the overrides typed', async () => {
    const serviceId = await serviceOn(fibraLivre.id);
    const plain = await linkPackage(serviceId, kids.id, { password: '', contractIdentifier: ' ', label: '' });
    expect(plain).toMatchObject({ password: undefined, contractIdentifier: undefined, label: undefined });
    expect(effectivePassword(plain, { document: '52998224725' })).toBe('52998224725');

    const custom = await linkPackage(serviceId, cursos.id, { password: 'Segredo#1', contractIdentifier: 'CT-9', label: 'campsoft-especial' });
    expect(await db.links.get(custom.id)).toMatchObject({ password: 'Segredo#1', contractIdentifier: 'CT-9', label: 'campsoft-especial' });
  });

  it('S10: refuses an invalid label override with the reason', async () => {
    const serviceId = await serviceOn(fibraLivre.id);
    await expect(linkPackage(serviceId, kids.id, { label: 'Com Espaço' })).rejects.toThrow('Label inválido');
  });

  it('refuses a second link with the same (id_contrato, label) on the integration', async () => {
    const serviceId = await serviceOn(fibraLivre.id);
    await linkPackage(serviceId, kids.id);
    await expect(linkPackage(serviceId, kids.id)).rejects.toThrow(
      'Já existe um pacote com id_contrato "2001" e label "campsoft-kids-livros-2" nesta integração',
    );
    // another service whose contract id is overridden to this one clashes too
    const other = await addService((await db.customers.toCollection().first())!.id, { id: '2002', planId: fibraLivre.id, status: 'servico_habilitado' }, []);
    await expect(linkPackage(other.id, kids.id, { contractIdentifier: '2001' })).rejects.toThrow('id_contrato "2001"');
    // a different label on the same contract is a different licence
    await linkPackage(serviceId, kids.id, { label: 'campsoft-kids-extra' });
    expect(await packageIds(serviceId)).toEqual([kids.id, kids.id]);
  });

  it('edits parameters, refusing a change that would clash with another link', async () => {
    const serviceId = await serviceOn(fibraLivre.id);
    await linkPackage(serviceId, kids.id);
    const second = await linkPackage(serviceId, kids.id, { label: 'campsoft-kids-extra' });
    await expect(updateLinkParams(second.id, { label: '' })).rejects.toThrow('Já existe um pacote');
    await updateLinkParams(second.id, { label: 'campsoft-kids-extra', password: 'nova' });
    expect((await db.links.get(second.id))?.password).toBe('nova');
    const message = (await db.events.where('kind').equals('link.params').last())?.message;
    expect(message).toContain('alterado senha');
    expect(message).not.toContain('nova');
  });

  it('keeps id_contrato and label fixed once the licence is on the platform, but lets the senha change', async () => {
    const serviceId = await serviceOn(fibraLivre.id);
    const link = await linkPackage(serviceId, kids.id);
    await db.links.update(link.id, { observed: { state: 'active', sentHash: 'a.b', confirmedAt: new Date().toISOString() } });
    await expect(updateLinkParams(link.id, { contractIdentifier: 'CT-NOVO' })).rejects.toThrow(/já foi transmitido com id_contrato 2001/);
    await expect(updateLinkParams(link.id, { label: 'campsoft-outro' })).rejects.toThrow(/remova o pacote/);
    await updateLinkParams(link.id, { password: 'NovaSenha#2' });
    expect(await db.links.get(link.id)).toMatchObject({ password: 'NovaSenha#2', contractIdentifier: undefined, label: undefined });
  });

  it('removing a package keeps the row, marked removed, until the platform confirms; the key is free again', async () => {
    const serviceId = await serviceOn(fibraLivre.id);
    const link = await linkPackage(serviceId, kids.id);
    await removeLink(link.id);
    expect((await db.links.get(link.id))?.removedAt).toBeTruthy();
    expect(await db.events.where('kind').equals('link.remove').count()).toBe(1);
    await linkPackage(serviceId, kids.id);
    expect(await packageIds(serviceId)).toEqual([kids.id]);
  });

  it('S9: a customer without e-mail or phone still gets the link saved', async () => {
    const customerId = await addCustomer({ ...maria, emails: [], phones: [] });
    await addService(customerId, { id: '3001', planId: fibraLivre.id, status: 'servico_habilitado' }, []);
    await linkPackage('3001', kids.id);
    expect(await packageIds('3001')).toEqual([kids.id]);
  });
});
