import AxeBuilder from '@axe-core/playwright';
import type { Page } from '@playwright/test';
import { expect, openApp, screenshot, test } from './fixtures';

async function noSeriousViolations(page: Page) {
  const axe = await new AxeBuilder({ page }).analyze();
  const serious = axe.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  expect(serious.map((v) => `${v.id}: ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)).toEqual([]);
}

test('imports a HubSoft export (Windows-1252, ;): preview, diff, confirm, customers listed', async ({ page }) => {
  await openApp(page, '/importacao');
  await expect(page.getByRole('heading', { name: 'Escolha o arquivo exportado do ERP' })).toBeVisible();
  await screenshot(page, 'import-01-arquivo');
  await noSeriousViolations(page);

  // Parsing and validation run in the import worker: the CSP (script-src 'self') lets a same-origin module worker start.
  const worker = page.waitForEvent('worker');
  const cspViolations: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) cspViolations.push(m.text());
  });
  await page.locator('input[type=file]').setInputFiles('test/fixtures/erp/hubsoft-clientes.csv');
  expect((await worker).url()).toMatch(/\/assets\/worker-[\w-]+\.js$/);
  await expect(page.getByText('hubsoft-clientes.csv · Windows-1252 (ANSI) · separado por ponto e vírgula (;) · 9 linhas de dados')).toBeVisible();
  await expect(page.getByText('João da Conceição')).toBeVisible();
  await screenshot(page, 'import-02-colunas');
  await noSeriousViolations(page);

  await page.getByRole('button', { name: 'Validar e ver prévia' }).click();
  await expect(page.getByText('6 linhas válidas')).toBeVisible();
  await expect(page.getByText(/CPF inválido: dígitos verificadores não conferem/)).toBeVisible();
  const summary = page.getByRole('table', { name: 'Resumo da importação' });
  await expect(summary.getByRole('row', { name: /Clientes novos/ })).toContainText('5');
  expect(cspViolations).toEqual([]);
  await screenshot(page, 'import-03-previa');
  await noSeriousViolations(page);

  await page.getByRole('button', { name: 'Confirmar importação' }).click();
  await expect(page.getByText('Importação concluída')).toBeVisible();
  await screenshot(page, 'import-04-concluida');

  await page.getByRole('link', { name: 'Ver clientes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Clientes' })).toBeVisible();
  await page.waitForTimeout(500);
  await screenshot(page, 'import-05-clientes');
  await expect(page.getByText('Padaria Pão de Açúcar Ltda')).toBeVisible();
  await expect(page.getByText('José Antônio Araújo')).toBeVisible();

  // The same file again: nothing to do.
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Importar do ERP', exact: true }).click();
  await page.getByRole('button', { name: 'Importar outro arquivo' }).click();
  await page.locator('input[type=file]').setInputFiles('test/fixtures/erp/hubsoft-clientes.csv');
  await page.getByRole('button', { name: 'Validar e ver prévia' }).click();
  await expect(page.getByText('Os dados deste arquivo já estão no SVA Desk.')).toBeVisible();
  await screenshot(page, 'import-06-reimportacao');
});

test('backup page: export and the note about credentials', async ({ page }) => {
  await openApp(page, '/configuracoes/backup');
  await expect(page.getByText(/A Chave da API e a Senha da API ficam guardadas só no cofre/)).toBeVisible();
  await noSeriousViolations(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportar backup' }).click();
  expect((await download).suggestedFilename()).toMatch(/^sva-desk-backup-\d{4}-\d{2}-\d{2}\.json$/);
  await screenshot(page, 'backup-01');
});
