import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { hubsoftMapping, parseCsv } from '../../../renderer/features/import/parse';
import { createImportReader } from '../../../renderer/features/import/reader';
import { validateRows } from '../../../renderer/features/import/validate';

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
});
