import { readFileSync } from 'node:fs';
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import writeExcelFile, { type SheetData } from 'write-excel-file/node';
import { describeFormat, hubsoftMapping, parseCsv, parseFile, sniff, type ParsedFile } from '../../../shared/import/parse';
import { validateRows } from '../../../shared/import/validate';
import { numberText } from '../../../shared/import/xlsx';

// Spreadsheets are written here with write-excel-file, the way an ERP or a clerk saves them, instead
// of binary fixtures in the repository.
const xlsx = async (data: SheetData, sheet = 'Clientes') => new Uint8Array(await writeExcelFile(data, { sheet }).toBuffer());

async function parsed(bytes: Uint8Array, fileName = 'clientes.xlsx'): Promise<ParsedFile> {
  const f = await parseFile(bytes, fileName);
  if ('error' in f) throw new Error(f.error);
  return f;
}
const errorOf = async (bytes: Uint8Array, fileName: string) => {
  const f = await parseFile(bytes, fileName);
  return 'error' in f ? f.error : `lido como ${f.format}`;
};

const csvFixture = () => {
  const f = parseCsv(readFileSync('test/fixtures/erp/hubsoft-clientes.csv'), 'hubsoft-clientes.csv');
  if ('error' in f) throw new Error(f.error);
  return f;
};
// As an ERP's XLSX export types them: codes as numbers, everything else as text.
const asExported = (cell: string) => (/^[1-9]\d{0,14}$/.test(cell) ? Number(cell) : cell);

const headers = ['id_cliente_servico', 'codigo_cliente', 'nome_razaosocial', 'cpf_cnpj', 'email_principal', 'celular', 'servico', 'status_prefixo'];
const customer = (id: number, name: string, document: string | number) => [id, 100 + id, name, document, `${name.split(' ')[0].toLowerCase()}@exemplo.com.br`, '(11) 98765-4321', 'Fibra 300', 'servico_habilitado'];

describe('XLSX export of the ERP', () => {
  it('reads the sample export saved as XLSX to the same rows, and the same validation, as the CSV', async () => {
    const csv = csvFixture();
    const book = await xlsx([csv.headers, ...csv.rows.map((r) => r.cells.map(asExported))]);
    expect(sniff(book)).toBe('xlsx');

    const f = await parsed(book, 'hubsoft-clientes.xlsx');
    expect(f).toMatchObject({ format: 'xlsx', sheetName: 'Clientes', headers: csv.headers });
    expect(f.rows.map(({ line, cells }) => ({ line, cells }))).toEqual(csv.rows);
    expect(validateRows(f, hubsoftMapping(f.headers))).toEqual(validateRows(csv, hubsoftMapping(csv.headers)));
  });

  it('is told by its content, not its name: an XLSX named .csv is still read as a spreadsheet', async () => {
    const f = await parsed(await xlsx([headers, customer(1, 'Ana Lima', '123.456.789-09')]), 'clientes.csv');
    expect(f.format).toBe('xlsx');
    expect(f.rows[0].cells[2]).toBe('Ana Lima');
  });

  it('gives back the leading zeros of a CPF/CNPJ typed as a number, and the document validates', async () => {
    const f = await parsed(
      await xlsx([
        headers,
        customer(1, 'Ana Lima', 1234567890), // CPF 012.345.678-90 as Excel keeps a number
        customer(2, 'Bruno Melo', 123456797), // CPF 001.234.567-97: two zeros lost
        customer(3, 'Casa do Pão Ltda', 1234567000195), // CNPJ 01.234.567/0001-95
        customer(4, 'Davi Rocha', '1234567890'), // the same digits as TEXT: taken as written
      ]),
    );
    expect(f.rows[0].cells[3]).toBe('1234567890');
    const v = validateRows(f, hubsoftMapping(f.headers));
    expect(v.rows.map((r) => [r.name, r.documentType, r.document])).toEqual([
      ['Ana Lima', 'cpf', '01234567890'],
      ['Bruno Melo', 'cpf', '00123456797'],
      ['Casa do Pão Ltda', 'cnpj', '01234567000195'],
    ]);
    expect(v.restoredDocuments).toBe(3);
    expect(v.rejected).toEqual([{ line: 5, cells: f.rows[3].cells, reasons: ['Documento inválido: tem 10 caracteres. Informe um CPF (11 dígitos) ou um CNPJ (14 caracteres).'] }]);
  });

  it('pads only the column mapped to CPF/CNPJ, and only numbers of a CPF or CNPJ missing its zeros', async () => {
    const f = await parsed(await xlsx([headers, customer(1234567890, 'Ana Lima', 12345678909), customer(2, 'Bruno Melo', 12345678)]));
    const v = validateRows(f, hubsoftMapping(f.headers));
    // a 10-digit service id is left alone; an 11-digit CPF needs nothing; 8 digits are no CPF that lost zeros
    expect(v.rows.map((r) => [r.serviceId, r.document])).toEqual([['1234567890', '12345678909']]);
    expect(v.rejected[0].reasons).toEqual(['Documento inválido: tem 8 caracteres. Informe um CPF (11 dígitos) ou um CNPJ (14 caracteres).']);
    expect(v.restoredDocuments).toBe(0);
  });

  it('writes numbers in full: 900001, not 900001.0 or 9.00001e5', async () => {
    const f = await parsed(await xlsx([headers, [900001, 12345678901, 'Ana Lima', '123.456.789-09', 1.5, true, { value: new Date(Date.UTC(2026, 0, 31)), format: 'dd/mm/yyyy' }, -7]]));
    expect(f.rows[0].cells.slice(0, 2)).toEqual(['900001', '12345678901']);
    expect(f.rows[0].cells.slice(4)).toEqual(['1,5', 'sim', '31/01/2026', '-7']);
    expect(f.rows[0].numeric).toEqual([0, 1, 4, 7]);
  });

  it.each([
    ['900001', '900001'],
    ['9.00001E5', '900001'],
    ['1.2345678901E+10', '12345678901'],
    ['1e+21', '1000000000000000000000'],
    ['12345678901234567000', '12345678901234567000'],
    ['1.5', '1,5'],
    ['0.1', '0,1'],
    ['1.25E-2', '0,0125'],
    ['-3', '-3'],
    ['-0', '0'],
    ['7.0', '7'],
  ])('number %s in the file is the text %s', (raw, text) => {
    expect(numberText(raw)).toBe(text);
  });

  it('takes the first filled row as the header, skipping a report title, and keeps the spreadsheet row numbers', async () => {
    const f = await parsed(await xlsx([[null], [null], headers, customer(1, 'Ana Lima', '123.456.789-09'), [null], customer(2, 'Bruno Melo', '123.456.789-09')]));
    expect(f.headers).toEqual(headers);
    expect(f.rows.map((r) => r.line)).toEqual([4, 6]);
    // A title line (one cell) above the header, as ERP reports print.
    const g = await parsed(await xlsx([['Relatório de clientes'], [null], headers, customer(1, 'Ana Lima', '123.456.789-09')]));
    expect(g.headers).toEqual(headers);
    expect(g.rows.map((r) => [r.line, r.cells[2]])).toEqual([[4, 'Ana Lima']]);
    expect(await errorOf(await xlsx([['Relatório de clientes'], ['Ana Lima'], ['Bruno Melo']]), 'clientes.xlsx')).toBe(
      'Não encontrei colunas na primeira aba ("Clientes") da planilha "clientes.xlsx": uma linha deve ter os títulos das colunas (id_cliente_servico, nome_razaosocial, cpf_cnpj…), um em cada coluna, com os clientes embaixo.',
    );
  });

  it('reads only the first sheet, and names it for the columns step', async () => {
    const book = new Uint8Array(
      await writeExcelFile([
        { data: [headers, customer(1, 'Ana Lima', '123.456.789-09')], sheet: 'Clientes & Serviços' },
        { data: [['outra'], ['coisa']], sheet: 'Resumo' },
      ]).toBuffer(),
    );
    const summary = await parsed(book, 'export.xlsx');
    expect(summary).toMatchObject({ format: 'xlsx', sheetName: 'Clientes & Serviços', headers });
    expect(summary.rows).toHaveLength(1);
    expect(`export.xlsx · ${describeFormat(summary)}`).toBe('export.xlsx · planilha do Excel (primeira aba: Clientes & Serviços)');
  });
});

describe('files the import cannot read, each with what to do', () => {
  const corrupt = 'Não consegui abrir a planilha "clientes.xlsx": ela pode estar protegida por senha ou corrompida. Abra no Excel e salve de novo, ou exporte do ERP em CSV.';

  it('a damaged XLSX (zip header, broken contents)', async () => {
    const good = await xlsx([headers, customer(1, 'Ana Lima', '123.456.789-09')]);
    const damaged = good.slice();
    damaged.fill(0x55, 200, damaged.length - 200);
    expect(await errorOf(damaged, 'clientes.xlsx')).toBe(corrupt);
    expect(await errorOf(good.slice(0, good.length / 2), 'clientes.xlsx')).toBe(corrupt);
    expect(await errorOf(Uint8Array.from([0x50, 0x4b, 0x03, 0x04, ...new Array(300).fill(7)]), 'clientes.xlsx')).toBe(corrupt);
  });

  it('a zip that has the parts of a workbook but no sheet', async () => {
    const parts = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'xl/workbook.xml': strToU8('<workbook><sheets><sheet name="A" r:id="rId1"/></sheets></workbook>') });
    expect(await errorOf(parts, 'clientes.xlsx')).toBe(corrupt);
  });

  it('a zip that is no spreadsheet: a .docx, an .ods, or a zip holding the export', async () => {
    const docx = zipSync({ '[Content_Types].xml': strToU8('<Types/>'), 'word/document.xml': strToU8('<w/>') });
    expect(await errorOf(docx, 'contrato.docx')).toBe(
      'O arquivo "contrato.docx" não é uma planilha .xlsx do Excel. Se for uma planilha de outro programa (como .ods do LibreOffice), abra e salve como .xlsx ou CSV; ou exporte do ERP em CSV.',
    );
    const ods = zipSync({ mimetype: strToU8('application/vnd.oasis.opendocument.spreadsheet'), 'content.xml': strToU8('<office:document-content/>') });
    expect(await errorOf(ods, 'clientes.ods')).toMatch(/^O arquivo "clientes.ods" não é uma planilha .xlsx do Excel\./);
    const zipped = zipSync({ 'exportacao/clientes.csv': readFileSync('test/fixtures/erp/hubsoft-clientes.csv') });
    expect(await errorOf(zipped, 'clientes.zip')).toBe(
      'O arquivo "clientes.zip" é um arquivo compactado (ZIP) com "exportacao/clientes.csv" dentro. Extraia o conteúdo (no Windows: botão direito › Extrair tudo) e escolha o arquivo extraído.',
    );
  });

  it('a legacy .xls, and an .xlsx protected by a password (both OLE2 files)', async () => {
    const ole2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    const xls = Uint8Array.from([...ole2, ...new Array(1024).fill(0)]);
    expect(await errorOf(xls, 'clientes.xls')).toBe('Arquivos .xls (Excel 97–2003) não são lidos: abra "clientes.xls" no Excel e salve como .xlsx ou CSV.');
    const stream = [...'EncryptedPackage'].flatMap((ch) => [ch.charCodeAt(0), 0]);
    const encrypted = Uint8Array.from([...ole2, ...new Array(600).fill(0), ...stream, ...new Array(400).fill(0)]);
    expect(await errorOf(encrypted, 'clientes.xlsx')).toBe(
      'A planilha "clientes.xlsx" está protegida por senha. Abra no Excel com a senha, salve uma cópia sem senha e escolha essa cópia, ou exporte do ERP em CSV.',
    );
  });

  it('an empty first sheet, and a first sheet with only the header', async () => {
    expect(await errorOf(await xlsx([], 'Plan1'), 'clientes.xlsx')).toBe(
      'A primeira aba ("Plan1") da planilha "clientes.xlsx" está vazia. Coloque os clientes na primeira aba, com a linha de títulos no topo, salve e escolha o arquivo de novo.',
    );
    expect(await errorOf(await xlsx([[null, ''], [' ']]), 'clientes.xlsx')).toMatch(/^A primeira aba \("Clientes"\) da planilha "clientes.xlsx" está vazia\./);
    expect(await errorOf(await xlsx([headers, [null]]), 'clientes.xlsx')).toBe(
      'A primeira aba ("Clientes") da planilha "clientes.xlsx" só tem a linha de títulos: não há clientes para importar. Se os clientes estão em outra aba, mova essa aba para o início, salve e escolha o arquivo de novo.',
    );
  });

  it('a PDF or another binary picked by mistake', async () => {
    expect(await errorOf(strToU8('%PDF-1.7\n%âãÏÓ\n1 0 obj'), 'boleto.pdf')).toBe(
      'O arquivo "boleto.pdf" não é um CSV nem uma planilha .xlsx (é um PDF). Exporte os clientes do ERP em CSV ou XLSX e escolha esse arquivo.',
    );
    expect(await errorOf(Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13]), 'foto.png')).toBe(
      'O arquivo "foto.png" não é um CSV nem uma planilha .xlsx (parece um documento, uma imagem ou um programa). Exporte os clientes do ERP em CSV ou XLSX e escolha esse arquivo.',
    );
  });

  it('Excel "Texto Unicode" (UTF-16) and an HTML table saved with an .xls name', async () => {
    const utf16 = Uint8Array.from([0xff, 0xfe, ...[...'nome\tcpf\r\n'].flatMap((ch) => [ch.charCodeAt(0), 0])]);
    expect(await errorOf(utf16, 'clientes.txt')).toMatch(/^O arquivo "clientes.txt" foi salvo como Texto Unicode \(UTF-16\), que o SVA Desk não lê\. No Excel, salve como "CSV UTF-8"/);
    expect(await errorOf(strToU8('\uFEFF <html><table><tr><td>nome</td></tr></table></html>'), 'clientes.xls')).toMatch(
      /^O arquivo "clientes.xls" é, por dentro, uma página HTML ou XML .* Abra no Excel e salve como .xlsx ou CSV\.$/,
    );
  });

  it('still reads a CSV as before', async () => {
    const f = await parsed(readFileSync('test/fixtures/erp/hubsoft-clientes.csv'), 'hubsoft-clientes.csv');
    expect(f).toMatchObject({ format: 'csv', encoding: 'windows-1252', delimiter: ';' });
    expect(describeFormat(f)).toBe('Windows-1252 (ANSI) · separado por ponto e vírgula (;)');
  });
});
