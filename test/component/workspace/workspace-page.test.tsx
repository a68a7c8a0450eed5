/**
 * Configurações › Backup e restauração on the real host: the desk's clerk, the backup out (a
 * prepared file read back in pieces) and in (what the file holds shown before anything is written,
 * the check per table after), and the demo data.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { WorkspacePage } from '../../../renderer/features/workspace';
import { oldWorkspace, rendererBackup } from '../../store/old-workspace';
import { catchDownloads } from '../downloads';
import { renderOnHost, useHostPerTest } from '../on-host';


const host = useHostPerTest();
const count = async (table: 'customers' | 'events' | 'services') =>
  Number((await host.bridge.host.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

const downloads = catchDownloads();

const fileInput = () => document.querySelector('input[type="file"]') as HTMLInputElement;

describe('Backup e restauração', () => {
  it('saves the name of the desk\'s clerk, and refuses one letter with a reason', async () => {
    const user = userEvent.setup();
    renderOnHost(<WorkspacePage />);
    const field = await screen.findByRole('textbox', { name: 'Nome do atendente' });
    await waitFor(() => expect((field as HTMLInputElement).disabled).toBe(false));
    await user.type(field, 'M');
    await user.click(screen.getByRole('button', { name: 'Salvar nome' }));
    expect(await screen.findByText('Informe o nome de quem atende nesta mesa (pelo menos 2 letras).')).toBeTruthy();
    await user.type(field, 'aria Souza');
    await user.click(screen.getByRole('button', { name: 'Salvar nome' }));
    expect(await screen.findByText('O histórico passa a registrar Maria Souza como atendente desta mesa.')).toBeTruthy();
    expect((await host.bridge.host.handlers['settings.get']({})).clerk).toBe('Maria Souza');
  });

  it("saves where the desks look for updates, refuses what is not an address, keeps what was typed", async () => {
    const user = userEvent.setup();
    renderOnHost(<WorkspacePage />);
    const field = await screen.findByRole('textbox', { name: 'Endereço das atualizações' });
    await waitFor(() => expect((field as HTMLInputElement).disabled).toBe(false));
    await user.type(field, 'servidor do escritório');
    await user.click(screen.getByRole('button', { name: 'Salvar endereço' }));
    expect(await screen.findByText(/^Informe o endereço completo, começando por https:\/\//)).toBeTruthy();
    expect((field as HTMLInputElement).value).toBe('servidor do escritório');
    await user.clear(field);
    await user.type(field, 'https://atualizacoes.provedor.com.br/sva-desk/');
    await user.click(screen.getByRole('button', { name: 'Salvar endereço' }));
    expect(await screen.findByText('As mesas do escritório passam a buscar novas versões em https://atualizacoes.provedor.com.br/sva-desk/.')).toBeTruthy();
    expect((await host.bridge.host.handlers['settings.get']({})).updates.url).toBe('https://atualizacoes.provedor.com.br/sva-desk/');
  });

  it('restores a backup into the empty SVA Desk after showing what it holds, then shows every table checked', async () => {
    const tables = oldWorkspace({ customers: 40, events: 30 });
    const user = userEvent.setup();
    renderOnHost(<WorkspacePage />);
    await screen.findByRole('button', { name: 'Escolher arquivo de backup' });
    await user.upload(fileInput(), new File([rendererBackup(tables)], 'sva-desk-backup-2026-11-30.json', { type: 'application/json' }));

    const dialog = await screen.findByRole('dialog', { name: 'Restaurar este backup?' });
    const holds = within(dialog).getByRole('table', { name: 'O que o backup tem' });
    expect(within(holds).getByText('Clientes').closest('tr')!.textContent).toContain('40');
    expect(within(holds).getByText('Eventos do histórico').closest('tr')!.textContent).toContain('30');
    expect(await count('customers')).toBe(0); // nothing written before the clerk confirms
    await user.click(within(dialog).getByRole('button', { name: 'Restaurar este backup' }));

    expect(await screen.findByText('Restauração concluída')).toBeTruthy();
    const check = await screen.findByRole('table', { name: 'Conferência da restauração' });
    const customers = within(check).getByText('Clientes').closest('tr')!;
    expect(customers.textContent).toMatch(/40.*40.*Confere/);
    expect(within(check).queryByText(/Não confere/)).toBeNull();
    expect(await count('customers')).toBe(40);
    expect(await count('services')).toBe(tables.services.length);
  });

  it('shows why a backup cannot be restored over data already here, and writes nothing', async () => {
    await host.bridge.host.handlers['demo.load']({});
    const before = await count('customers');
    const user = userEvent.setup();
    renderOnHost(<WorkspacePage />);
    await screen.findByRole('button', { name: 'Escolher arquivo de backup' });
    await user.upload(fileInput(), new File([rendererBackup(oldWorkspace({ customers: 5 }))], 'backup.json', { type: 'application/json' }));
    const dialog = await screen.findByRole('dialog', { name: 'Restaurar este backup?' });
    expect(within(dialog).getByText(/A restauração só é feita num banco vazio/)).toBeTruthy();
    expect((within(dialog).getByRole('button', { name: 'Restaurar este backup' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(within(dialog).getByRole('button', { name: 'Cancelar' }));
    expect(await count('customers')).toBe(before);
  });

  it('refuses a file that is not a backup, saying which file to choose', async () => {
    const user = userEvent.setup();
    renderOnHost(<WorkspacePage />);
    await screen.findByRole('button', { name: 'Escolher arquivo de backup' });
    await user.upload(fileInput(), new File(['{"clientes": []}'], 'clientes.json', { type: 'application/json' }));
    expect(await screen.findByText(/Este arquivo não é um backup do SVA Desk. Escolha o arquivo .json gerado em/)).toBeTruthy();
    expect(screen.queryByRole('dialog')).toBeNull();
  });

  it('exports the whole record to one file without credentials, and loads the demo data', async () => {
    const user = userEvent.setup();
    renderOnHost(<WorkspacePage />);
    await user.click(await screen.findByRole('button', { name: 'Carregar dados de demonstração' }));
    expect(await screen.findByText('Dados de demonstração carregados', {}, { timeout: 20_000 })).toBeTruthy();
    const customers = await count('customers');
    expect(customers).toBeGreaterThan(100);

    await user.click(screen.getByRole('button', { name: 'Exportar backup' }));
    expect(await screen.findByText(new RegExp(`Backup gerado: ${customers} clientes`))).toBeTruthy();
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.name).toMatch(/^sva-desk-backup-\d{4}-\d{2}-\d{2}\.json$/);
    const text = await downloads[0]!.blob.text();
    const backup = JSON.parse(text) as { format: string; tables: Record<string, unknown[]> };
    expect(backup.format).toBe('sva-desk-backup');
    expect(backup.tables.customers).toHaveLength(customers);
    expect(text).not.toContain('sandbox-secret');
  });
});
