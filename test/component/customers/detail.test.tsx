import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { run } from '../../../renderer/data/client';
import { CustomersPage } from '../../../renderer/features/customers/CustomersPage';
import { renderOnHost, useHostPerTest } from '../on-host';
import { choose, optionsOf } from '../packages/ui';
import { addCustomer, addService, linkPackage, maria, seedCatalogue, setObserved, type Catalogue } from './host-seed';

// Host answers and their change notices settle after a few ticks; a loaded machine needs more than 1 s.

const host = useHostPerTest();
let c: Catalogue;
beforeEach(async () => {
  c = await seedCatalogue(host.bridge);
});

const user = () => userEvent.setup();
const packagesOf = (serviceId: string) => screen.findByRole('table', { name: `Pacotes do serviço ${serviceId}` });
const rowOf = async (serviceId: string, name: string) => within(await packagesOf(serviceId)).findByRole('row', { name: new RegExp(name) });
const detailOf = async (id: number) => (await host.bridge.host.handlers['customers.get']({ id }))!;

describe('customer detail', () => {
  it("shows the services with the status in pt-BR and each package with its defaults and the host's transmission state", async () => {
    const id = await addCustomer();
    await addService(id, '5001', c.fibra300.id, { status: 'suspenso_debito' });
    await linkPackage('5001', c.kids.id, { password: 'outra' });
    renderOnHost(<CustomersPage />, { path: `/${id}` });

    const service = await screen.findByRole('region', { name: 'Serviço 5001' });
    expect(within(service).getByText('Suspenso por Débito')).toBeTruthy();
    expect(within(service).getByText(/Plano: Fibra 300/)).toBeTruthy();
    const leitura = await rowOf('5001', 'Leitura Digital');
    expect(leitura.textContent).toContain('campsoft-leitura-digital');
    expect(leitura.textContent).toContain('5001');
    expect(leitura.textContent).toContain('padrão (CPF)');
    // suspenso_debito before it was ever created: nothing to send, and said so — not Pendente
    expect(await within(leitura).findByText('Nada a enviar')).toBeTruthy();
    expect(leitura.textContent).toContain('Serviço suspenso, sem licença na Campsoft: ela será criada quando o serviço for reabilitado.');
    expect((await rowOf('5001', 'Kids Livros')).textContent).toContain('personalizada');
  });

  it('shows the platform error on the link badge and "Tentar novamente" asks for that link again', async () => {
    const id = await addCustomer();
    await addService(id, '5002', c.fibraLivre.id, { status: 'suspenso_debito' });
    await linkPackage('5002', c.kids.id);
    // a permanent refusal: the engine does not retry it by itself
    await setObserved(host.bridge, '5002', { state: 'error', error: { code: 'E', message: 'Plataforma recusou o assinante', retryable: false, at: '2026-03-02T12:00:00.000Z' } });
    const u = user();
    renderOnHost(<CustomersPage />, { path: `/${id}` });
    const row = await rowOf('5002', 'Kids Livros');
    expect(await within(row).findByText(/Plataforma recusou o assinante/)).toBeTruthy();
    expect(within(row).getByText('Erro')).toBeTruthy();
    await u.click(within(row).getByRole('button', { name: 'Tentar novamente: Kids Livros' }));
    expect(await screen.findByText(/Kids Livros: envio pedido de novo/)).toBeTruthy();
  });

  it('S9: a customer without phone is marked not transmittable, with a shortcut to fix the record', async () => {
    const id = await addCustomer({ ...maria, phones: [] });
    await addService(id, '5003', c.fibraLivre.id);
    await linkPackage('5003', c.kids.id);
    renderOnHost(<CustomersPage />, { path: `/${id}` });
    expect(await screen.findByText(/^Cliente sem telefone cadastrado: cadastre um telefone com DDD/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Corrigir o cadastro do cliente' }).getAttribute('href')).toBe(`/${id}/editar`);
    expect(within(await packagesOf('5003')).getByText('Não será transmitido: Cliente sem telefone cadastrado')).toBeTruthy();
  });

  it('Cancelar serviço asks first, then the host cancels it and the badge follows', async () => {
    const id = await addCustomer();
    await addService(id, '5004', c.fibraLivre.id);
    const u = user();
    renderOnHost(<CustomersPage />, { path: `/${id}` });
    await u.click(within(await screen.findByRole('region', { name: 'Serviço 5004' })).getByRole('button', { name: 'Cancelar serviço' }));
    const dialog = await screen.findByRole('dialog', { name: 'Cancelar o serviço 5004?' });
    await u.click(within(dialog).getByRole('button', { name: 'Cancelar serviço' }));
    expect(await within(screen.getByRole('region', { name: 'Serviço 5004' })).findByText('Cancelado')).toBeTruthy();
    expect((await detailOf(id)).services[0].status).toBe('cancelado');
  });

  it('Alterar status refuses a change over one made elsewhere meanwhile, and Recarregar takes the current one', async () => {
    const id = await addCustomer();
    const service = await addService(id, '5005', c.fibraLivre.id);
    const u = user();
    renderOnHost(<CustomersPage />, { path: `/${id}` });
    await u.click(within(await screen.findByRole('region', { name: 'Serviço 5005' })).getByRole('button', { name: 'Alterar status' }));
    const dialog = await screen.findByRole('dialog', { name: 'Alterar status do serviço 5005' });
    // another desk suspends it while the dialog is open
    await run('services.setStatus', { serviceId: '5005', status: 'suspenso_debito', version: service.version });
    await choose(u, 'Status', 'Franquia Excedida');
    await u.click(within(dialog).getByRole('button', { name: 'Salvar status' }));
    expect(await within(dialog).findByText(/foi alterado em .*, depois que você abriu/)).toBeTruthy();
    await u.click(within(dialog).getByRole('button', { name: 'Recarregar' }));
    await waitFor(() => expect((within(dialog).getByRole('combobox', { name: /Status/ }) as HTMLInputElement).value).toBe('Suspenso por Débito'));
    await choose(u, 'Status', 'Serviço Habilitado');
    await u.click(within(dialog).getByRole('button', { name: 'Salvar status' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await detailOf(id)).services[0].status).toBe('servico_habilitado');
  });
});

describe('Adicionar serviço', () => {
  it('S11: mandatory default packages are checked and locked, optional ones can be left out; the host applies them', async () => {
    const id = await addCustomer();
    const u = user();
    renderOnHost(<CustomersPage />, { path: `/${id}` });
    await u.click(await screen.findByRole('button', { name: 'Adicionar serviço' }));
    const dialog = await screen.findByRole('dialog', { name: 'Adicionar serviço' });
    await u.type(within(dialog).getByLabelText(/id_cliente_servico/), '7001');
    await choose(u, 'Serviço/Plano', /Fibra 300/);

    const mandatory = (await within(dialog).findByRole('checkbox', { name: /Leitura Digital/ })) as HTMLInputElement;
    expect(mandatory.checked).toBe(true);
    expect(mandatory.disabled).toBe(true);
    expect(within(dialog).getByText('Obrigatório')).toBeTruthy();
    const optional = within(dialog).getByRole('checkbox', { name: /Kids Livros/ }) as HTMLInputElement;
    expect(optional.checked).toBe(true);
    await u.click(optional);
    expect(optional.checked).toBe(false);
    await u.click(within(dialog).getByRole('button', { name: 'Adicionar serviço' }));

    const table = await packagesOf('7001');
    expect(table.textContent).toContain('Leitura Digital');
    expect(table.textContent).not.toContain('Kids Livros');
    expect(within(screen.getByRole('region', { name: 'Serviço 7001' })).getByText('Serviço Habilitado')).toBeTruthy();
  });

  it('says what is missing next to each field', async () => {
    const id = await addCustomer();
    const u = user();
    renderOnHost(<CustomersPage />, { path: `/${id}` });
    await u.click(await screen.findByRole('button', { name: 'Adicionar serviço' }));
    const dialog = await screen.findByRole('dialog', { name: 'Adicionar serviço' });
    await u.click(within(dialog).getByRole('button', { name: 'Adicionar serviço' }));
    expect(await within(dialog).findByText('Informe o código do serviço do cliente (id_cliente_servico).')).toBeTruthy();
    expect(within(dialog).getByText('Escolha o plano do serviço.')).toBeTruthy();
    expect((await detailOf(id)).services).toHaveLength(0);
  });

  it('refuses an id_cliente_servico already used, next to the field', async () => {
    const id = await addCustomer();
    await addService(id, '7002', c.fibraLivre.id);
    const u = user();
    renderOnHost(<CustomersPage />, { path: `/${id}` });
    await u.click(await screen.findByRole('button', { name: 'Adicionar serviço' }));
    const dialog = await screen.findByRole('dialog', { name: 'Adicionar serviço' });
    await u.type(within(dialog).getByLabelText(/id_cliente_servico/), '7002');
    await choose(u, 'Serviço/Plano', /Fibra Livre/);
    await u.click(within(dialog).getByRole('button', { name: 'Adicionar serviço' }));
    expect(await within(dialog).findByText(/7002/)).toBeTruthy();
    expect((await detailOf(id)).services).toHaveLength(1);
  });
});

describe('Vincular pacote', () => {
  async function openLinkModal(planId: number, customer = maria) {
    const id = await addCustomer(customer);
    await addService(id, '8001', planId);
    const u = user();
    renderOnHost(<CustomersPage />, { path: `/${id}` });
    await u.click(await screen.findByRole('button', { name: 'Vincular pacote' }));
    const dialog = await screen.findByRole('dialog', { name: 'Vincular pacote ao serviço 8001' });
    return { u, dialog, id };
  }

  it('S12: on a locked plan only its packages are offered, and the modal says why with a link to the plan', async () => {
    const { u, dialog } = await openLinkModal(c.fibraTravada.id);
    expect(await within(dialog).findByText(/O plano "Fibra 500 Travado" está com Travar Pacotes ligado/)).toBeTruthy();
    const link = within(dialog).getByRole('link', { name: 'Abrir a aba Pacotes do plano Fibra 500 Travado' });
    expect(link.getAttribute('href')).toBe(`/configuracao/geral/servicos-planos/${c.fibraTravada.id}/editar?aba=pacotes`);
    expect(await optionsOf(u, 'Pacote')).toEqual([expect.stringContaining('Cursos Online')]);
  });

  it('on a plan that does not lock packages, every active package is offered and no reason is shown', async () => {
    const { u, dialog } = await openLinkModal(c.fibraLivre.id);
    const options = await optionsOf(u, 'Pacote');
    expect(options).toHaveLength(3);
    for (const name of ['Leitura Digital', 'Kids Livros', 'Cursos Online']) expect(options.some((o) => o.includes(name))).toBe(true);
    expect(within(dialog).queryByText(/Travar Pacotes/)).toBeNull();
  });

  it('S10: the parameters show their defaults as placeholders; an override is saved and shown as personalizada', async () => {
    const { u, dialog } = await openLinkModal(c.fibraLivre.id);
    const senha = within(dialog).getByLabelText('senha');
    expect(senha.getAttribute('placeholder')).toBe('Padrão: CPF/CNPJ do cliente (***.982.247-**)');
    expect(within(dialog).getByLabelText('id_contrato').getAttribute('placeholder')).toBe('Padrão: id_cliente_servico (8001)');
    await choose(u, 'Pacote', /Kids Livros/);
    expect(within(dialog).getByLabelText('label').getAttribute('placeholder')).toBe('Padrão: campsoft-kids-livros');

    await u.type(senha, 'Livro#2026');
    // the eye button speaks Portuguese, and says what it will do
    await u.click(within(dialog).getByRole('button', { name: 'Mostrar senha' }));
    expect(within(dialog).getByRole('button', { name: 'Ocultar senha' })).toBeTruthy();
    await u.click(within(dialog).getByRole('button', { name: 'Vincular pacote' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect((await rowOf('8001', 'Kids Livros')).textContent).toContain('personalizada');
  });

  it('refuses a second package with the same id_contrato and label, saying so next to id_contrato', async () => {
    const { u, dialog, id } = await openLinkModal(c.fibraLivre.id);
    await linkPackage('8001', c.kids.id);
    await choose(u, 'Pacote', /Kids Livros/);
    await u.click(within(dialog).getByRole('button', { name: 'Vincular pacote' }));
    expect(await within(dialog).findByText(/id_contrato "8001" e label "campsoft-kids-livros"/)).toBeTruthy();
    expect((await detailOf(id)).services[0].links).toHaveLength(1);
  });

  it('S9: for a customer without e-mail the link is saved and the modal warns it will not be transmitted', async () => {
    const { u, dialog } = await openLinkModal(c.fibraLivre.id, { ...maria, emails: [] });
    expect(within(dialog).getByText('O pacote será salvo, mas não será transmitido')).toBeTruthy();
    await choose(u, 'Pacote', /Cursos Online/);
    await u.click(within(dialog).getByRole('button', { name: 'Vincular pacote' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(within(await packagesOf('8001')).getByText('Não será transmitido: Cliente sem e-mail cadastrado')).toBeTruthy();
  });

  it('Remover pacote asks first; the link stays, struck through, until the platform confirms', async () => {
    const id = await addCustomer({ ...maria, phones: [] });
    await addService(id, '8002', c.fibraLivre.id);
    await linkPackage('8002', c.kids.id);
    await setObserved(host.bridge, '8002', { state: 'active', sentHash: 'a.b', confirmedAt: '2026-03-02T12:00:00.000Z' });
    const u = user();
    renderOnHost(<CustomersPage />, { path: `/${id}` });
    await u.click(within(await rowOf('8002', 'Kids Livros')).getByRole('button', { name: 'Remover pacote Kids Livros' }));
    const dialog = await screen.findByRole('dialog', { name: 'Remover o pacote Kids Livros?' });
    await u.click(within(dialog).getByRole('button', { name: 'Remover pacote' }));
    expect(await within(await rowOf('8002', 'Kids Livros')).findByText('removido do serviço')).toBeTruthy();
    expect((await detailOf(id)).services[0].links[0].removedAt).toBeDefined();
  });
});

describe('Migrar plano', () => {
  it("S8/S12: shows the host's preview and asks Manter/Remover for the packages the new plan does not allow", async () => {
    const id = await addCustomer();
    await addService(id, '9001', c.fibra300.id, { kept: [c.kids.id] });
    const u = user();
    renderOnHost(<CustomersPage />, { path: `/${id}` });
    await u.click(within(await screen.findByRole('region', { name: 'Serviço 9001' })).getByRole('button', { name: 'Migrar plano' }));
    const dialog = await screen.findByRole('dialog', { name: 'Migrar plano do serviço 9001' });
    await choose(u, 'Novo plano', /Fibra 500 Travado/);

    expect((await within(dialog).findByRole('listitem')).textContent).toBe('Cursos Online');
    const keepLeitura = within(await within(dialog).findByRole('radiogroup', { name: 'Leitura Digital' })).getByRole('radio', { name: 'Manter' });
    const removeKids = within(within(dialog).getByRole('radiogroup', { name: 'Kids Livros' })).getByRole('radio', { name: 'Remover' });
    await u.click(within(dialog).getByRole('button', { name: 'Migrar plano' }));
    expect(await within(dialog).findAllByText('Escolha Manter ou Remover.')).toHaveLength(2);

    await u.click(keepLeitura);
    await u.click(removeKids);
    await u.click(within(dialog).getByRole('button', { name: 'Migrar plano' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(await screen.findByText(/Plano: Fibra 500 Travado/)).toBeTruthy();
    expect((await rowOf('9001', 'Cursos Online')).textContent).toContain('Cursos Online');
    const links = (await detailOf(id)).services[0].links;
    expect(links.find((l) => l.packageId === c.kids.id)?.removedAt).toBeDefined();
    expect(links.find((l) => l.packageId === c.leitura.id)?.removedAt).toBeUndefined();
  });
});
