import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import { CONTENT_SECURITY_POLICY } from '../../electron/host/security';
import { expect, expectNoSeriousA11y, openApp, screenshot, test } from './fixtures';


test('imports a HubSoft export (Windows-1252, ;): preview, diff, confirm, customers listed', async ({ page }) => {
  await openApp(page, '/importacao');
  await expect(page.getByRole('heading', { name: 'Escolha o arquivo exportado do ERP' })).toBeVisible();
  await screenshot(page, 'import-01-arquivo');
  await expectNoSeriousA11y(page);

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
  await expectNoSeriousA11y(page);

  await page.getByRole('button', { name: 'Validar e ver prévia' }).click();
  await expect(page.getByText('6 linhas válidas')).toBeVisible();
  await expect(page.getByText(/CPF inválido: dígitos verificadores não conferem/)).toBeVisible();
  const summary = page.getByRole('table', { name: 'Resumo da importação' });
  await expect(summary.getByRole('row', { name: /Clientes novos/ })).toContainText('5');
  expect(cspViolations).toEqual([]);
  await screenshot(page, 'import-03-previa');
  await expectNoSeriousA11y(page);

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

test('imports an XLSX export through the worker under the desktop CSP: zeros of numeric CPF/CNPJ restored, customers listed', async ({ page }) => {
  const file = join(mkdtempSync(join(tmpdir(), 'sva-xlsx-')), 'clientes.xlsx');
  await writeExport(file);
  // Large enough that the sheet is over 512 KB unzipped: the size at which fflate (inside
  // read-excel-file) would inflate it in a blob: worker, which the CSP below forbids.
  expect(unzipSync(readFileSync(file))['xl/worksheets/sheet1.xml'].length).toBeGreaterThan(512 * 1024);

  // Both hosts serve every file with the desktop's CSP, the worker's script too (a worker runs under
  // the policy of its own script): this test reads the file under the rules the app has.
  const workerScript = page.waitForResponse('**/assets/worker-*.js');
  await openApp(page, '/importacao');
  await expect(page.getByText(/Um arquivo CSV ou uma planilha do Excel \(XLSX\)/)).toBeVisible();
  await page.locator('input[type=file]').setInputFiles(file);
  await expect(page.getByText('clientes.xlsx · planilha do Excel (primeira aba: Clientes) · 3.002 linhas de dados')).toBeVisible();
  expect((await workerScript).headers()['content-security-policy']).toBe(CONTENT_SECURITY_POLICY);
  await expect(page.getByText('Ana Lima')).toBeVisible();
  await screenshot(page, 'import-xlsx-01-colunas');
  await expectNoSeriousA11y(page);

  await page.getByRole('button', { name: 'Validar e ver prévia' }).click();
  await expect(page.getByText('3.002 linhas válidas')).toBeVisible();
  await expect(page.getByText(/^Em 2 linhas, o CPF\/CNPJ estava na planilha como número, sem os zeros à esquerda\./)).toBeVisible();
  const summary = page.getByRole('table', { name: 'Resumo da importação' });
  await expect(summary.getByRole('row', { name: /Clientes novos/ })).toContainText('3.002');
  await screenshot(page, 'import-xlsx-02-previa');
  await expectNoSeriousA11y(page);

  await page.getByRole('button', { name: 'Confirmar importação' }).click();
  await expect(page.getByText('Importação concluída')).toBeVisible({ timeout: 30_000 });
  await page.getByRole('link', { name: 'Ver clientes' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Clientes' })).toBeVisible();
  await expect(page.getByText('Ana Lima')).toBeVisible();
  await expect(page.getByText('Armazém Bom Preço Ltda')).toBeVisible();
  await page.waitForTimeout(500);
  await screenshot(page, 'import-xlsx-03-clientes');

  // Stored with the zeros back, as the documents really are.
  const documents = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((resolve, reject) => {
      const req = indexedDB.open('sva-desk');
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    const all = await new Promise<{ name: string; document: string }[]>((resolve, reject) => {
      const req = db.transaction('customers').objectStore('customers').getAll();
      req.onsuccess = () => resolve(req.result);
      req.onerror = () => reject(req.error);
    });
    db.close();
    return Object.fromEntries(all.filter((c) => !c.name.startsWith('Cliente ')).map((c) => [c.name, c.document]));
  });
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
