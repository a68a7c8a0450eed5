import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../../renderer/db/db';
import { CustomersPage } from '../../../renderer/features/customers/CustomersPage';
import { addService, linkPackage } from '../../../renderer/features/customers/repository';
import { renderScreen } from '../render';
import { addCustomer, clearAll, cursos, fibra300, fibraLivre, fibraTravada, kids, leitura, maria, seedCatalogue } from './fixtures';

beforeEach(async () => {
  await clearAll();
  await seedCatalogue();
});

const user = () => userEvent.setup();

/** What a Select offers: the options of the listbox it controls (jsdom cannot tell they are shown). */
function offered(label: RegExp): string[] {
  const listbox = document.getElementById(screen.getByRole('combobox', { name: label }).getAttribute('aria-controls') ?? '');
  return listbox ? within(listbox).queryAllByRole('option', { hidden: true }).map((o) => o.textContent ?? '') : [];
}

/** Picks an option as a keyboard user does: type to filter, arrow down, Enter. */
async function choose(u: ReturnType<typeof userEvent.setup>, label: RegExp, option: string) {
  const input = screen.getByRole('combobox', { name: label });
  await u.click(input);
  await u.type(input, option);
  await u.keyboard('{ArrowDown}{Enter}');
  await waitFor(() => expect((input as HTMLInputElement).value).toContain(option), { timeout: 5000 });
}

function packagesOf(serviceId: string) {
  // a busy machine (several test runs at once) can take more than the default second
  return screen.findByRole('table', { name: `Pacotes do serviço ${serviceId}` }, { timeout: 5000 });
}

describe('customer detail', () => {
  it('shows the services with the status in pt-BR and each package with its defaults and transmission state', async () => {
    const id = await addCustomer();
    await addService(id, { id: '5001', planId: fibra300.id, status: 'suspenso_debito' }, []);
    await linkPackage('5001', kids.id, { password: 'outra' });
    renderScreen(<CustomersPage />, { path: `/${id}` });

    const service = await screen.findByRole('region', { name: 'Serviço 5001' });
    expect(within(service).getByText('Suspenso por Débito')).toBeTruthy();
    expect(within(service).getByText(/Plano: Fibra 300/)).toBeTruthy();
    const rows = within(await packagesOf('5001')).getAllByRole('row');
    const leituraRow = rows.find((r) => r.textContent?.includes('Leitura Digital'))!;
    expect(leituraRow.textContent).toContain('campsoft-leitura-digital-1');
    expect(leituraRow.textContent).toContain('5001');
    expect(leituraRow.textContent).toContain('padrão (CPF)');
    // suspenso_debito before it was ever created: nothing to send, and said so — not Pendente
    expect(within(leituraRow).getByText('Nada a enviar')).toBeTruthy();
    expect(leituraRow.textContent).toContain('Serviço suspenso, sem licença na Campsoft: ela será criada quando o serviço for reabilitado.');
    expect(leituraRow.textContent).not.toContain('Pendente');
    const kidsRow = rows.find((r) => r.textContent?.includes('Kids Livros'))!;
    expect(kidsRow.textContent).toContain('personalizada');
  });

  it('shows the platform error or block reason on the link badge', async () => {
    const id = await addCustomer();
    await addService(id, { id: '5002', planId: fibraLivre.id, status: 'servico_habilitado' }, []);
    const link = await linkPackage('5002', kids.id);
    await db.links.update(link.id, { observed: { state: 'error', error: { code: 'E', message: 'Plataforma fora do ar', retryable: true } } });
    renderScreen(<CustomersPage />, { path: `/${id}` });
    const table = await packagesOf('5002');
    expect(await within(table).findByText('Plataforma fora do ar')).toBeTruthy();
    expect(within(table).getByText('Erro')).toBeTruthy();
  });

  it('S9: a customer without phone is marked not transmittable, with a shortcut to fix the record', async () => {
    const id = await addCustomer({ ...maria, phones: [] });
    await addService(id, { id: '5003', planId: fibraLivre.id, status: 'servico_habilitado' }, []);
    await linkPackage('5003', kids.id);
    renderScreen(<CustomersPage />, { path: `/${id}` });
    // the alert's title says it will not be transmitted; its lines say why and what to do
    expect(await screen.findByText(/^Cliente sem telefone cadastrado: cadastre um telefone com DDD/)).toBeTruthy();
    expect(screen.getByRole('link', { name: 'Corrigir o cadastro do cliente' }).getAttribute('href')).toBe(`/${id}/editar`);
    expect(within(await packagesOf('5003')).getByText('Não será transmitido: Cliente sem telefone cadastrado')).toBeTruthy();
  });
});

describe('Adicionar serviço', () => {
  it('S11: mandatory default packages are checked and locked, optional ones can be left out; S8 applies them', async () => {
    const id = await addCustomer();
    const u = user();
    renderScreen(<CustomersPage />, { path: `/${id}` });
    await u.click(await screen.findByRole('button', { name: 'Adicionar serviço' }));
    const dialog = await screen.findByRole('dialog', { name: 'Adicionar serviço' });
    await u.type(within(dialog).getByLabelText(/id_cliente_servico/), '7001');
    await choose(u, /Serviço\/Plano/, 'Fibra 300');

    const mandatory = within(dialog).getByRole('checkbox', { name: /Leitura Digital/ }) as HTMLInputElement;
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
    renderScreen(<CustomersPage />, { path: `/${id}` });
    await u.click(await screen.findByRole('button', { name: 'Adicionar serviço' }));
    const dialog = await screen.findByRole('dialog', { name: 'Adicionar serviço' });
    await u.click(within(dialog).getByRole('button', { name: 'Adicionar serviço' }));
    expect(await within(dialog).findByText('Informe o código do serviço do cliente (id_cliente_servico).')).toBeTruthy();
    expect(within(dialog).getByText('Escolha o plano do serviço.')).toBeTruthy();
    expect(await db.services.count()).toBe(0);
  });
});

describe('Vincular pacote', () => {
  async function openLinkModal(planId: number) {
    const id = await addCustomer();
    await addService(id, { id: '8001', planId, status: 'servico_habilitado' }, []);
    const u = user();
    renderScreen(<CustomersPage />, { path: `/${id}` });
    await u.click(await screen.findByRole('button', { name: 'Vincular pacote' }));
    const dialog = await screen.findByRole('dialog', { name: 'Vincular pacote ao serviço 8001' });
    return { u, dialog };
  }

  it('S12: on a locked plan only its packages are offered, and the modal says why with a link to the plan', async () => {
    const { u, dialog } = await openLinkModal(fibraTravada.id);
    expect(within(dialog).getByText(/O plano "Fibra 500 Travado" está com Travar Pacotes ligado/)).toBeTruthy();
    const link = within(dialog).getByRole('link', { name: 'Abrir a aba Pacotes do plano Fibra 500 Travado' });
    expect(link.getAttribute('href')).toBe(`/configuracao/geral/servicos-planos/${fibraTravada.id}/editar?aba=pacotes`);
    await u.click(within(dialog).getByRole('combobox', { name: /Pacote/ }));
    expect(offered(/Pacote/)).toEqual([expect.stringContaining(cursos.name)]);
    await choose(u, /Pacote/, cursos.name);
  });

  it('on a plan that does not lock packages, every active package is offered and no reason is shown', async () => {
    const { u, dialog } = await openLinkModal(fibraLivre.id);
    expect(within(dialog).queryByText(/Travar Pacotes/)).toBeNull();
    await u.click(within(dialog).getByRole('combobox', { name: /Pacote/ }));
    expect(offered(/Pacote/)).toEqual([
      expect.stringContaining(leitura.name),
      expect.stringContaining(kids.name),
      expect.stringContaining(cursos.name),
    ]);
  });

  it('S10: the parameters show their defaults as placeholders; an override is saved and shown as personalizada', async () => {
    const { u, dialog } = await openLinkModal(fibraLivre.id);
    const senha = within(dialog).getByLabelText('senha');
    expect(senha.getAttribute('placeholder')).toBe('Padrão: CPF/CNPJ do cliente (***.982.247-**)');
    expect(within(dialog).getByLabelText('id_contrato').getAttribute('placeholder')).toBe('Padrão: id_cliente_servico (8001)');
    await choose(u, /Pacote/, 'Kids Livros');
    expect(within(dialog).getByLabelText('label').getAttribute('placeholder')).toBe('Padrão: campsoft-kids-livros-2');

    await u.type(senha, 'Livro#2026');
    await u.click(within(dialog).getByRole('button', { name: 'Vincular pacote' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), { timeout: 5000 });
    const row = within(await packagesOf('8001')).getAllByRole('row').find((r) => r.textContent?.includes('Kids Livros'))!;
    expect(row.textContent).toContain('personalizada');
    expect((await db.links.toArray())[0].password).toBe('Livro#2026');
  });

  it('refuses a second package with the same id_contrato and label, saying so next to id_contrato', async () => {
    const { u, dialog } = await openLinkModal(fibraLivre.id);
    await linkPackage('8001', kids.id);
    await choose(u, /Pacote/, 'Kids Livros');
    await u.click(within(dialog).getByRole('button', { name: 'Vincular pacote' }));
    expect(await within(dialog).findByText(/Já existe um pacote com id_contrato "8001" e label "campsoft-kids-livros-2"/)).toBeTruthy();
    expect(await db.links.count()).toBe(1);
  });

  it('S9: for a customer without e-mail the link is saved and the modal warns it will not be transmitted', async () => {
    const id = await addCustomer({ ...maria, emails: [] });
    await addService(id, { id: '8101', planId: fibraLivre.id, status: 'servico_habilitado' }, []);
    const u = user();
    renderScreen(<CustomersPage />, { path: `/${id}` });
    await u.click(await screen.findByRole('button', { name: 'Vincular pacote' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('O pacote será salvo, mas não será transmitido')).toBeTruthy();
    await choose(u, /Pacote/, 'Cursos Online');
    await u.click(within(dialog).getByRole('button', { name: 'Vincular pacote' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), { timeout: 5000 });
    expect(within(await packagesOf('8101')).getByText('Não será transmitido: Cliente sem e-mail cadastrado')).toBeTruthy();
  });
});

describe('Migrar plano', () => {
  it('S8/S12: shows the packages the new plan adds and asks Manter/Remover for those it does not allow', async () => {
    const id = await addCustomer();
    await addService(id, { id: '9001', planId: fibra300.id, status: 'servico_habilitado' }, [kids.id]);
    const u = user();
    renderScreen(<CustomersPage />, { path: `/${id}` });
    await u.click(within(await screen.findByRole('region', { name: 'Serviço 9001' })).getByRole('button', { name: 'Migrar plano' }));
    const dialog = await screen.findByRole('dialog', { name: 'Migrar plano do serviço 9001' });
    await choose(u, /Novo plano/, 'Fibra 500 Travado');

    expect(within(dialog).getByRole('listitem').textContent).toBe('Cursos Online');
    const keepLeitura = within(within(dialog).getByRole('radiogroup', { name: 'Leitura Digital' })).getByRole('radio', { name: 'Manter' });
    const removeKids = within(within(dialog).getByRole('radiogroup', { name: 'Kids Livros' })).getByRole('radio', { name: 'Remover' });
    await u.click(within(dialog).getByRole('button', { name: 'Migrar plano' }));
    expect(await within(dialog).findAllByText('Escolha Manter ou Remover.')).toHaveLength(2);

    await u.click(keepLeitura);
    await u.click(removeKids);
    await u.click(within(dialog).getByRole('button', { name: 'Migrar plano' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull(), { timeout: 5000 });
    expect(screen.getByText(/Plano: Fibra 500 Travado/)).toBeTruthy();
    const table = await packagesOf('9001');
    await waitFor(() => expect(within(table).getByRole('row', { name: /Cursos Online/ }).textContent).toContain('Pendente'));
    // removed before it was ever sent: nothing to cancel on the platform
    expect(within(table).getByRole('row', { name: /Kids Livros/ }).textContent).toContain('Nada a enviar');
    expect(within(table).getByRole('row', { name: /Kids Livros/ }).textContent).toContain('Cancelado antes de ser transmitido');
    expect(within(table).getByRole('row', { name: /Leitura Digital/ }).textContent).toContain('Pendente');
  });
});
