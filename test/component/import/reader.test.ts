import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import { hubsoftMapping, parseCsv } from '../../../shared/import/parse';
import { createFileHolder } from '../../../renderer/features/import/file-holder';
import { createImportReader } from '../../../renderer/features/import/reader';
import { validateRows } from '../../../shared/import/validate';

const bytes = () => new Uint8Array(readFileSync('test/fixtures/erp/hubsoft-clientes.csv'));

describe('import reader (on the page where there is no Worker)', () => {
  it('gives the page a summary of the file, not its rows, and validates the rows it kept', async () => {
    const reader = createImportReader();
    const summary = await reader.parse(bytes(), 'hubsoft-clientes.csv');
    if ('error' in summary) throw new Error(summary.error);
    expect(summary).not.toHaveProperty('rows');
    expect(summary.rowCount).toBe(9);
    expect(summary.firstRow.length).toBe(summary.headers.length);

    const direct = parseCsv(bytes(), 'hubsoft-clientes.csv');
    if ('error' in direct) throw new Error(direct.error);
    expect(await reader.validate(hubsoftMapping(summary.headers))).toEqual(validateRows(direct, hubsoftMapping(direct.headers)));
  });

  it('says what to do when asked to validate before any file was read', async () => {
    await expect(createImportReader().validate(hubsoftMapping([]))).rejects.toThrow(/escolha o arquivo de novo/);
  });

  it('reads one request after the other: a validation waits for the file being read, and the file kept is the one chosen last', async () => {
    // The holder is what the worker runs; the page's fallback above re-reads the last file anyway.
    const holder = createFileHolder();
    const book = new Uint8Array(await writeExcelFile([['id_cliente_servico', 'nome_razaosocial'], [1, 'Só na planilha']]).toBuffer());
    const mapping = hubsoftMapping(['id_cliente_servico', 'nome_razaosocial']);
    const reading = holder.parse(book, 'clientes.xlsx');
    const validation = holder.validate(mapping); // sent before the XLSX is read, as the worker may get it
    expect(await reading).toMatchObject({ format: 'xlsx', rowCount: 1 });
    expect((await validation).rejected[0].cells).toEqual(['1', 'Só na planilha']);

    const [first, second] = await Promise.all([holder.parse(book, 'antes.xlsx'), holder.parse(bytes(), 'hubsoft-clientes.csv')]);
    expect(first).toMatchObject({ format: 'xlsx', rowCount: 1 });
    expect(second).toMatchObject({ format: 'csv', rowCount: 9 });
    const csv = parseCsv(bytes(), 'hubsoft-clientes.csv');
    if ('error' in csv) throw new Error(csv.error);
    expect(await holder.validate(mapping)).toEqual(validateRows(csv, mapping));
  });
});
