import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { startSandbox, type Sandbox } from '../../electron/host/sandbox';
import { expect, expectNoSeriousA11y, openApp, screenshot } from './fixtures';
import { hostCommand, test } from './own-host';
import { seedOffice } from './seed-office';

/**
 * Issue 11 (parts 2–6), what a new user met at 1366×768: an ERP export with its own titles in
 * Windows-1252, the e-mail column under a title no ERP uses, a DDD that does not exist, the toasts
 * of a plan saved after a failure, and the LGPD erasure of a customer whose data reached Campsoft.
 */

test.setTimeout(180_000);
test.beforeEach(async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
});

// Windows-1252: the ANSI bytes of the accents of this file.
const cp1252 = (s: string) => Buffer.from([...s].map((ch) => ({ ã: 0xe3, ç: 0xe7, é: 0xe9, ó: 0xf3, í: 0xed, ú: 0xfa, â: 0xe2 })[ch] ?? ch.charCodeAt(0)));

const HUBSOFT_PRINTED =
  'ID Serviço;Código do Cliente;Nome/Razão Social;CPF/CNPJ;Contato;Telefone;Serviço;Status do Serviço\r\n' +
  '5001;101;João da Conceição;123.456.789-09;joao@exemplo.com.br;(11) 98765-4321;Fibra 300 Mega;Serviço Habilitado\r\n' +
  '5002;102;Maria Gonçalves;987.654.321-00;maria@exemplo.com.br;(20) 99876-5432;Fibra 300 Mega;Suspenso por Débito\r\n' +
  '5003;103;José Antônio;111.444.777-35;jose@exemplo.com.br;(23) 3456-7890;Fibra 600 Mega;Serviço Habilitado\r\n';

async function choose(page: Page, field: string, option: string) {
  await page.getByRole('combobox', { name: field }).click();
  await page.getByRole('listbox').getByRole('option', { name: option, exact: true }).first().click();
}

test('import: the export’s own titles are mapped, an unmapped e-mail column is pointed out, wrong DDDs are counted', async ({ page }) => {
  await openApp(page, '/importacao');
  await page.locator('input[type=file]').setInputFiles({ name: 'clientes-hubsoft.csv', mimeType: 'text/csv', buffer: cp1252(HUBSOFT_PRINTED) });
  await expect(page.getByText('Windows-1252 (ANSI) · separado por ponto e vírgula (;)', { exact: false })).toBeVisible();
  // every required field found with no choice; the e-mails under "Contato" are pointed out
  await expect(page.getByText('Faltam colunas obrigatórias')).toHaveCount(0);
  const hint = page.getByRole('status').filter({ hasText: 'A coluna "Contato" parece conter e-mails; associe-a ao campo E-mail(s)' });
  await expect(hint).toBeVisible();
  await screenshot(page, 'rough-01-import-colunas-aviso');
  await expectNoSeriousA11y(page);

  await choose(page, 'E-mail(s)', 'Contato');
  await expect(hint).toHaveCount(0);
  await page.getByRole('button', { name: 'Validar e ver prévia' }).click();
  const phones = page.getByRole('status').filter({ hasText: 'Telefones que não serão importados' });
  await expect(phones).toContainText('Em 2 linhas, um telefone não será importado (2 com DDD que não existe)');
  await expect(page.getByRole('tab', { name: 'Com aviso (2)' })).toBeVisible();
  await screenshot(page, 'rough-02-import-previa-ddd');
  await page.getByRole('tab', { name: 'Com aviso (2)' }).click();
  await expect(page.getByText('Telefone "(20) 99876-5432": DDD 20 não existe no Brasil.', { exact: false })).toBeVisible();
  await page.getByText('Telefone "(20) 99876-5432"', { exact: false }).scrollIntoViewIfNeeded();
  await screenshot(page, 'rough-03-import-avisos-ddd');
  await expectNoSeriousA11y(page);
});

test('plans: a success replaces the failure toast of the same form, and toasts leave "Adicionar plano" clear', async ({ page }) => {
  await openApp(page, '/configuracao/geral/servicos-planos');
  await page.getByRole('link', { name: 'Adicionar plano' }).click();
  await expect(page.getByRole('tab', { name: 'Dados', selected: true })).toBeVisible();
  await page.getByRole('button', { name: 'Salvar plano' }).click();
  const failure = page.getByRole('alert').filter({ hasText: 'Plano não salvo' });
  await expect(failure).toBeVisible();
  await page.getByRole('textbox', { name: 'Nome do plano' }).fill('Fibra 300');
  await page.getByRole('textbox', { name: /Valor/ }).fill('99,90');
  await page.getByRole('button', { name: 'Salvar plano' }).click();
  await expect(page.getByText('Serviço/Plano "Fibra 300" salvo.')).toBeVisible();
  await expect(failure).toHaveCount(0);
  // a second plan right away: two toasts at most, none over the button
  await page.getByRole('link', { name: 'Adicionar plano' }).click();
  await page.getByRole('textbox', { name: 'Nome do plano' }).fill('Fibra 600');
  await page.getByRole('textbox', { name: /Valor/ }).fill('129,90');
  await page.getByRole('button', { name: 'Salvar plano' }).click();
  await expect(page.getByText('Serviço/Plano "Fibra 600" salvo.')).toBeVisible();
  const button = await page.getByRole('link', { name: 'Adicionar plano' }).boundingBox();
  for (const toast of await page.locator('.mantine-Notification-root').all()) {
    const box = await toast.boundingBox();
    if (!box || !button) continue;
    const overlaps = box.x < button.x + button.width && button.x < box.x + box.width && box.y < button.y + button.height && button.y < box.y + box.height;
    expect(overlaps, 'a toast covers "Adicionar plano"').toBe(false);
  }
  await screenshot(page, 'rough-04-planos-toasts');
});

test('LGPD: the erasure of a customer whose data reached Campsoft says what stays there and how to ask for its removal', async ({ page, request, ownHost }) => {
  const sandbox: Sandbox = await startSandbox({ latencyMs: 5 });
  try {
    const cmd = <T,>(name: string, input: unknown) => hostCommand<T>(ownHost, request, name, input);
    const { customerIds } = await seedOffice(ownHost, request, { sandboxUrl: sandbox.url, customers: [{ name: 'Helena Prado Campos', code: '8101', serviceId: '8101' }] });
    // transmitted (one link, under the preview threshold), then cancelled and confirmed by the platform
    await expect.poll(() => sandbox.store.subscribers.has('8101'), { timeout: 60_000 }).toBe(true);
    await cmd('services.setStatus', { serviceId: '8101', status: 'cancelado' });
    // a cancellation waits for the office's confirmation of its preview
    let previewId: string | undefined;
    await expect
      .poll(async () => (previewId = (await cmd<{ preview: { id: string } | null }>('sync.state', {})).preview?.id), { timeout: 60_000 })
      .toBeTruthy();
    await cmd('sync.confirm', { previewId });
    await expect
      .poll(async () => (await cmd<{ lgpd: { erasable: boolean } }>('customers.get', { id: customerIds[0] })).lgpd.erasable, { timeout: 60_000 })
      .toBe(true);

    // Every list screen of the office, filled: no column header without a name, no control named in English.
    for (const [hash, ready] of [
      ['/configuracao/geral/pacotes', 'Leitura Digital'],
      ['/configuracao/geral/servicos-planos', 'Fibra 300'],
      ['/clientes', 'Helena Prado Campos'],
      ['/transmissoes', 'Helena Prado Campos'],
      ['/historico', 'eventos encontrados'],
      ['/configuracoes/integracoes/plataformas-de-conteudo', 'Campsoft (homologação local)'],
    ]) {
      await openApp(page, hash);
      await expect(page.getByText(ready).first()).toBeVisible({ timeout: 30_000 });
      const axe = await new AxeBuilder({ page }).withRules(['empty-table-header', 'button-name', 'aria-toggle-field-name', 'label']).analyze();
      expect(axe.violations.map((v) => `${hash}: ${v.id} ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
      expect(await page.locator('[aria-label*="Toggle" i], [aria-label*="password visibility" i]').count()).toBe(0);
      await screenshot(page, `rough-07-lista${hash.replaceAll('/', '-')}`);
    }

    // Histórico: a filter is kept in the export, which holds every matching event and no other
    await openApp(page, '/historico');
    const found = page.getByText(/^\d+ eventos? encontrados?/);
    const counted = async () => Number((await found.textContent())!.match(/^(\d+)/)![1]);
    await expect(found).toBeVisible();
    const all = await counted();
    await page.getByRole('textbox', { name: 'Buscar' }).fill('8101');
    // the office's events about other things (the integration, the catalogue) drop out
    await expect.poll(counted, { timeout: 15_000 }).toBeLessThan(all);
    const shown = await counted();
    expect(shown).toBeGreaterThan(1);
    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Exportar CSV' }).click()]);
    const csv = (await (await download.createReadStream()).toArray()).join('');
    const lines = csv.replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines).toHaveLength(shown + 1);
    expect(lines.slice(1).every((l) => l.includes('8101'))).toBe(true);
    // the file's times read as the list's (the screen's time zone, not the host's)
    const firstWhen = (await page.getByRole('table').getByRole('row').nth(1).getByRole('cell').first().textContent())!.trim();
    expect(lines[1]!.startsWith(`${firstWhen};`)).toBe(true);
    await expect(page.getByText(`${shown} eventos exportados para o arquivo CSV.`)).toBeVisible();
    await screenshot(page, 'rough-06-historico-exportado');

    await openApp(page, `/clientes/${customerIds[0]}`);
    await page.getByRole('button', { name: 'Excluir dados do cliente (LGPD)' }).click();
    const dialog = page.getByRole('dialog', { name: 'Excluir dados de Helena Prado Campos?' });
    await expect(dialog).toContainText('Na Campsoft continuam o nome, o CPF/CNPJ, o e-mail e o telefone do assinante (contrato 8101)');
    await expect(dialog).toContainText('peça à Campsoft pelo canal de suporte ou de privacidade (encarregado/DPO)');
    await expect(dialog.getByRole('link')).toHaveCount(0);
    await screenshot(page, 'rough-05-lgpd-o-que-fica-na-campsoft');
    await expectNoSeriousA11y(page);
  } finally {
    await sandbox.close();
  }
});
