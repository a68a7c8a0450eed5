import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import { erpExport } from '../fixtures/erp-export';
import { expect, expectNoSeriousA11y, openApp, screenshot } from './fixtures';
import { hostCommand, test, type OwnHost } from './own-host';
import type { APIRequestContext } from '@playwright/test';

type Found = { rows: { id: number; name: string }[]; counts: { customers: number } };
const search = (ownHost: OwnHost, request: APIRequestContext, text = '') => hostCommand<Found>(ownHost, request, 'customers.search', { text, limit: 1000 });

test('imports a HubSoft export (Windows-1252, ;) through the host: preview, diff, confirm, stored', async ({ page, ownHost, request }) => {
  // Five screens with an accessibility scan each, a download of each kind: over a minute on a busy machine.
  test.setTimeout(180_000);
  await openApp(page, '/importacao');
  await expect(page.getByRole('heading', { name: 'Escolha o arquivo exportado do ERP' })).toBeVisible();
  await screenshot(page, 'import-01-arquivo');
  await expectNoSeriousA11y(page);

  await page.locator('input[type=file]').setInputFiles('test/fixtures/erp/hubsoft-clientes.csv');
  await expect(page.getByText('hubsoft-clientes.csv · Windows-1252 (ANSI) · separado por ponto e vírgula (;) · 9 linhas de dados')).toBeVisible();
  await expect(page.getByText('João da Conceição')).toBeVisible();
  await screenshot(page, 'import-02-colunas');
  await expectNoSeriousA11y(page);

  await page.getByRole('button', { name: 'Validar e ver prévia' }).click();
  await expect(page.getByText('6 linhas válidas')).toBeVisible();
  await expect(page.getByText(/CPF inválido: dígitos verificadores não conferem/)).toBeVisible();
  const summary = page.getByRole('table', { name: 'Resumo da importação' });
  await expect(summary.getByRole('row', { name: /Clientes novos/ })).toContainText('5');
  await screenshot(page, 'import-03-previa');
  await expectNoSeriousA11y(page);
  // Nothing is written before the confirmation.
  expect((await search(ownHost, request)).counts.customers).toBe(0);

  // The rejected lines, as a CSV the host wrote.
  const report = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Salvar relatório de erros (CSV)' }).click();
  expect((await report).suggestedFilename()).toMatch(/^linhas-rejeitadas-\d{4}-\d{2}-\d{2}\.csv$/);

  await page.getByRole('button', { name: 'Confirmar importação' }).click();
  await expect(page.getByText('Importação concluída')).toBeVisible();
  await screenshot(page, 'import-04-concluida');
  const stored = await search(ownHost, request);
  expect(stored.rows.map((r) => r.name)).toEqual(expect.arrayContaining(['Padaria Pão de Açúcar Ltda', 'José Antônio Araújo']));
  expect(stored.counts.customers).toBe(5);

  await page.getByRole('link', { name: 'Ver clientes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Clientes' })).toBeVisible();

  // The same file again: nothing to do.
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Importar do ERP', exact: true }).click();
  await page.getByRole('button', { name: 'Importar outro arquivo' }).click();
  await page.locator('input[type=file]').setInputFiles('test/fixtures/erp/hubsoft-clientes.csv');
  await page.getByRole('button', { name: 'Validar e ver prévia' }).click();
  await expect(page.getByText('Os dados deste arquivo já estão no SVA Desk.')).toBeVisible();
  await screenshot(page, 'import-06-reimportacao');

  // The ERP export of the services, written by the host, imports back.
  await page.getByRole('button', { name: 'Voltar às colunas' }).click();
  await page.getByRole('button', { name: 'Escolher outro arquivo' }).click();
  const exported = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportar serviços' }).click();
  const download = await exported;
  expect(download.suggestedFilename()).toMatch(/^servicos-\d{4}-\d{2}-\d{2}\.csv$/);
  const text = readFileSync(await download.path(), 'utf8');
  expect(text.startsWith('\uFEFFid_cliente_servico;codigo_cliente;nome_razaosocial;')).toBe(true);
  expect(text.split('\r\n').filter((l) => l !== '')).toHaveLength(7);
  await expect(page.getByText('6 serviços exportados.')).toBeVisible();
});

test("the host's reasons reach the clerk: an unclosed quote with its line, too many columns, nothing to export", async ({ page }) => {
  const dir = mkdtempSync(join(tmpdir(), 'sva-bad-'));
  await openApp(page, '/importacao');
  await page.getByRole('button', { name: 'Exportar clientes' }).click();
  await expect(page.getByText('Não há clientes para exportar: importe do ERP ou cadastre clientes primeiro.')).toBeVisible();

  const quote = join(dir, 'aspas.csv');
  writeFileSync(quote, 'id_cliente_servico;nome_razaosocial;cpf_cnpj\r\n1;Ana;123\r\n2;"Bruno;456\r\n3;Carla;789\r\n');
  await page.locator('input[type=file]').setInputFiles(quote);
  await expect(page.getByRole('alert')).toContainText('O arquivo "aspas.csv" tem aspas (") abertas na linha 3 que não se fecham');
  await screenshot(page, 'import-07-erro-aspas');
  await expectNoSeriousA11y(page);

  const wide = join(dir, 'largo.csv');
  writeFileSync(wide, Array.from({ length: 250 }, (_, i) => `coluna${i}`).join(';') + '\r\n' + Array.from({ length: 250 }, () => 'x').join(';') + '\r\n');
  await page.locator('input[type=file]').setInputFiles(wide);
  await expect(page.getByRole('alert')).toContainText('A linha de títulos do arquivo "largo.csv" tem 250 colunas; o SVA Desk lê até 200.');
  await screenshot(page, 'import-08-erro-colunas');
});

test.describe('with the write paced', () => {
  // Each 100 records written wait 10 ms: the write lasts at least 9 s on any machine, so the cancel
  // below always lands mid-write (on a fast one the import once committed before the click arrived).
  test.use({ hostOptions: { importStepDelayMs: 10 } });

  test('a big import shows its progress and can be canceled: nothing is written', async ({ page, ownHost, request }) => {
    // 30,000 lines on 2 shared cores: read, compared and written twice.
    test.setTimeout(300_000);
    const file = join(mkdtempSync(join(tmpdir(), 'sva-big-')), 'clientes-grande.csv');
    writeFileSync(file, erpExport(30_000));
    await openApp(page, '/importacao');
    await page.locator('input[type=file]').setInputFiles(file);
    await expect(page.getByText(/clientes-grande\.csv · .* · 30\.000 linhas de dados/)).toBeVisible({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Validar e ver prévia' }).click();
    await expect(page.getByRole('table', { name: 'Resumo da importação' })).toBeVisible({ timeout: 60_000 });
    await page.getByRole('button', { name: 'Confirmar importação' }).click();
    await expect(page.getByText(/de 1?[\d.]+ registros/)).toBeVisible({ timeout: 60_000 });
    await screenshot(page, 'import-09-gravando');
    await page.getByRole('button', { name: 'Cancelar importação' }).click();
    await expect(page.getByRole('alert')).toContainText('Importação canceladaNada foi gravado.', { timeout: 60_000 });
    await screenshot(page, 'import-10-cancelada');
    expect((await search(ownHost, request)).counts.customers).toBe(0);

    // Back to the preview, and this time to the end.
    await page.getByRole('button', { name: 'Voltar à prévia' }).click();
    await page.getByRole('button', { name: 'Confirmar importação' }).click();
    await expect(page.getByText('Importação concluída')).toBeVisible({ timeout: 120_000 });
    expect((await search(ownHost, request)).counts.customers).toBe(30_000);
  });
});

/** A CPF with its check digits, from its first nine digits. */
function cpf(first9: string): string {
  const d = [...first9].map(Number);
  for (const n of [9, 10]) {
    const sum = d.slice(0, n).reduce((acc, digit, i) => acc + digit * (n + 1 - i), 0);
    d.push(((sum * 10) % 11) % 10);
  }
  return d.join('');
}

/** An ERP export saved as XLSX: two customers whose CPF/CNPJ Excel keeps as numbers, and 3,000 more. */
async function writeExport(path: string) {
  const plans = ['Fibra 300 Mega', 'Fibra 600 Mega', 'Fibra Empresarial 500 Mega'];
  const data: SheetData = [
    ['id_cliente_servico', 'codigo_cliente', 'nome_razaosocial', 'cpf_cnpj', 'email_principal', 'celular', 'servico', 'status_prefixo'],
    // CPF 012.345.678-90 and CNPJ 01.234.567/0001-95 typed as numbers: Excel dropped the leading zero.
    [800001, 9001, 'Ana Lima', 1234567890, 'ana.lima@exemplo.com.br', '(11) 98765-4321', 'Fibra 300 Mega', 'servico_habilitado'],
    [800002, 9002, 'Armazém Bom Preço Ltda', 1234567000195, 'financeiro@bompreco.com.br', '(31) 99222-1100', 'Fibra Empresarial 500 Mega', 'servico_habilitado'],
  ];
  for (let i = 1; i <= 3000; i++) {
    const doc = cpf(String(200000000 + i * 7));
    data.push([
      810000 + i,
      20000 + i,
      `Cliente ${String(i).padStart(4, '0')} da Silva`,
      `${doc.slice(0, 3)}.${doc.slice(3, 6)}.${doc.slice(6, 9)}-${doc.slice(9)}`,
      `cliente${i}@exemplo.com.br`,
      `(11) 9${String(10000000 + i).slice(0, 4)}-${String(10000000 + i).slice(4)}`,
      plans[i % 3],
      i % 10 === 0 ? 'suspenso_debito' : 'servico_habilitado',
    ]);
  }
  await writeExcelFile(data, { sheet: 'Clientes' }).toFile(path);
}

test('imports an XLSX export in the host: zeros of numeric CPF/CNPJ restored, stored', async ({ page, ownHost, request }) => {
  test.setTimeout(180_000);
  const file = join(mkdtempSync(join(tmpdir(), 'sva-xlsx-')), 'clientes.xlsx');
  await writeExport(file);
  await openApp(page, '/importacao');
  await expect(page.getByText(/Um arquivo CSV ou uma planilha do Excel \(XLSX\)/)).toBeVisible();
  await page.locator('input[type=file]').setInputFiles(file);
  await expect(page.getByText('clientes.xlsx · planilha do Excel (primeira aba: Clientes) · 3.002 linhas de dados')).toBeVisible({ timeout: 30_000 });
  await expect(page.getByText('Ana Lima')).toBeVisible();
  await screenshot(page, 'import-xlsx-01-colunas');
  await expectNoSeriousA11y(page);

  await page.getByRole('button', { name: 'Validar e ver prévia' }).click();
  await expect(page.getByText('3.002 linhas válidas')).toBeVisible();
  await expect(page.getByText(/^Em 2 linhas, o CPF\/CNPJ estava na planilha como número, sem os zeros à esquerda\./)).toBeVisible();
  const summary = page.getByRole('table', { name: 'Resumo da importação' });
  await expect(summary.getByRole('row', { name: /Clientes novos/ })).toContainText('3.002');
  await page.getByRole('tab', { name: /^Válidas/ }).click();
  await page.getByRole('button', { name: 'Próxima página' }).click();
  await expect(page.getByText('Cliente 0019 da Silva')).toBeVisible();
  await screenshot(page, 'import-xlsx-02-previa');
  await expectNoSeriousA11y(page);

  await page.getByRole('button', { name: 'Confirmar importação' }).click();
  await expect(page.getByText('Importação concluída')).toBeVisible({ timeout: 30_000 });
  await screenshot(page, 'import-xlsx-03-concluida');

  // Stored with the zeros back, as the documents really are.
  const documents: Record<string, string> = {};
  for (const name of ['Ana Lima', 'Armazém Bom Preço Ltda']) {
    const [row] = (await search(ownHost, request, name)).rows;
    const detail = await hostCommand<{ customer: { document: string } }>(ownHost, request, 'customers.get', { id: row!.id });
    documents[name] = detail.customer.document;
  }
  expect(documents).toEqual({ 'Ana Lima': '01234567890', 'Armazém Bom Preço Ltda': '01234567000195' });
});

test('backup page: export and the note about credentials', async ({ page }) => {
  await openApp(page, '/configuracoes/backup');
  await expect(page.getByText(/A Chave da API e a Senha da API ficam guardadas só no cofre/)).toBeVisible();
  await expectNoSeriousA11y(page);
  const download = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exportar backup' }).click();
  expect((await download).suggestedFilename()).toMatch(/^sva-desk-backup-\d{4}-\d{2}-\d{2}\.json$/);
  await screenshot(page, 'backup-01');
});
