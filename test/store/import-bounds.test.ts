import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import { IMPORT_CHUNK_BYTES } from '../../shared/contract/import';
import { erpExport } from '../fixtures/erp-export';
import { createImporter, utf8 } from './import-support';
import { openTestStore, type TestStore } from './support';

let t: TestStore;
let imp: ReturnType<typeof createImporter>;
beforeEach(async () => {
  t = await openTestStore();
  imp = createImporter(t);
});
afterEach(() => t.close());

const nothingWritten = async () => {
  for (const table of ['customers', 'services', 'links', 'plans', 'events', 'settings'] as const) expect(await t.store.db.selectFrom(table).selectAll().execute()).toEqual([]);
  expect(t.notices).toEqual([]);
};
const base64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe('the file reaches the host in pieces, within bounds', () => {
  it('refuses a file above 64 MB when it is opened, before a byte is sent', async () => {
    await expect(imp.call('import.open', { fileName: 'clientes.csv', size: 80 * 1024 * 1024 })).rejects.toMatchObject({
      code: 'IMPORT_TOO_LARGE',
      message:
        'O arquivo "clientes.csv" tem 80 MB, acima do limite de 64 MB do SVA Desk. Exporte os clientes do ERP em partes (por exemplo, por cidade ou por plano) e importe um arquivo de cada vez.',
    });
  });

  it('takes a 100k-line export in 1 MiB pieces (each request under the browser host\'s 2 MiB), a repeated piece included', async () => {
    const bytes = utf8(erpExport(100_000));
    expect(bytes.length).toBeGreaterThan(10 * IMPORT_CHUNK_BYTES);
    const { sessionId } = await imp.call<{ sessionId: string; chunkBytes: number }>('import.open', { fileName: 'clientes.csv', size: bytes.length });
    let file: { rowCount: number } | null = null;
    for (let offset = 0; offset < bytes.length; offset += IMPORT_CHUNK_BYTES) {
      const piece = bytes.subarray(offset, offset + IMPORT_CHUNK_BYTES);
      const body = JSON.stringify({ sessionId, offset, data: base64(piece), last: offset + IMPORT_CHUNK_BYTES >= bytes.length });
      expect(body.length).toBeLessThan(2 * 1024 * 1024);
      // A piece sent twice (a retry after a dropped answer) changes nothing.
      if (offset === IMPORT_CHUNK_BYTES) await imp.call('import.upload', JSON.parse(body));
      ({ file } = await imp.call<{ file: { rowCount: number } | null }>('import.upload', JSON.parse(body)));
    }
    expect(file).toMatchObject({ rowCount: 100_000, format: 'csv', preset: 'hubsoft' });
  });

  it('refuses a piece above 1 MiB, a piece out of order, and a file that arrives incomplete', async () => {
    const { sessionId } = await imp.call<{ sessionId: string }>('import.open', { fileName: 'clientes.csv', size: 3 * IMPORT_CHUNK_BYTES });
    await expect(imp.call('import.upload', { sessionId, offset: 0, data: base64(new Uint8Array(IMPORT_CHUNK_BYTES + 3)), last: false })).rejects.toMatchObject({ code: 'INVALID_INPUT' });
    await expect(imp.call('import.upload', { sessionId, offset: IMPORT_CHUNK_BYTES, data: base64(new Uint8Array(10)), last: false })).rejects.toMatchObject({
      code: 'IMPORT_UPLOAD',
      message: 'Faltou um pedaço do arquivo no envio. Escolha o arquivo de novo.',
    });
    await expect(imp.call('import.upload', { sessionId, offset: 0, data: base64(new Uint8Array(10)), last: true })).rejects.toMatchObject({
      code: 'IMPORT_UPLOAD',
      message: 'O arquivo "clientes.csv" chegou incompleto. Escolha o arquivo de novo.',
    });
    await nothingWritten();
  });
});

describe('files refused with what to do, nothing imported', () => {
  const refused = async (bytes: Uint8Array, fileName: string) => {
    const err = (await imp.upload(bytes, fileName).catch((e: unknown) => e)) as { code: string; message: string };
    expect(err.code).toBe('IMPORT_UNREADABLE');
    return err.message;
  };

  it('a header of a million columns, at once', async () => {
    expect(await refused(utf8(`${'coluna;'.repeat(999_999)}coluna\r\n1;2\r\n`), 'clientes.csv')).toMatch(
      /^A linha de títulos do arquivo "clientes.csv" tem 1\.000\.000 colunas; o SVA Desk lê até 200\./,
    );
    await nothingWritten();
  });

  it('a quote left open on line 3 of 2,000: its line is named and no row is imported', async () => {
    const lines = erpExport(2_000).split('\r\n');
    // Line 3 of the file (the second customer): the name opens a quote that never closes.
    const cells = lines[2].split(';');
    cells[2] = `"${cells[2]}`;
    lines[2] = cells.join(';');
    const message = await refused(utf8(lines.join('\r\n')), 'clientes.csv');
    expect(message).toMatch(/^O arquivo "clientes.csv" tem aspas \(\"\) abertas na linha 3 que não se fecham/);
    expect(message).toMatch(/Nada foi importado\.$/);
    await nothingWritten();
  });

  it('a legacy .xls, a password-protected workbook, a damaged one and a PDF, as before', async () => {
    const ole2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];
    expect(await refused(Uint8Array.from([...ole2, ...new Array(1024).fill(0)]), 'clientes.xls')).toBe(
      'Arquivos .xls (Excel 97–2003) não são lidos: abra "clientes.xls" no Excel e salve como .xlsx ou CSV.',
    );
    const stream = [...'EncryptedPackage'].flatMap((ch) => [ch.charCodeAt(0), 0]);
    expect(await refused(Uint8Array.from([...ole2, ...new Array(600).fill(0), ...stream, ...new Array(400).fill(0)]), 'clientes.xlsx')).toMatch(/está protegida por senha/);
    const good = new Uint8Array(await writeExcelFile([['id_cliente_servico', 'nome_razaosocial'], [1, 'Ana']]).toBuffer());
    const damaged = good.slice();
    damaged.fill(0x55, 200, damaged.length - 200);
    expect(await refused(damaged, 'clientes.xlsx')).toBe(
      'Não consegui abrir a planilha "clientes.xlsx": ela pode estar protegida por senha ou corrompida. Abra no Excel e salve de novo, ou exporte do ERP em CSV.',
    );
    expect(await refused(utf8('%PDF-1.7\n1 0 obj'), 'boleto.pdf')).toMatch(/^O arquivo "boleto.pdf" não é um CSV nem uma planilha \.xlsx \(é um PDF\)/);
    await nothingWritten();
  });

  it('a refused file leaves no import open behind it', async () => {
    const { sessionId } = await imp.call<{ sessionId: string }>('import.open', { fileName: 'x.csv', size: 5 });
    await expect(imp.call('import.upload', { sessionId, offset: 0, data: base64(utf8('a;b\n')), last: true })).rejects.toMatchObject({ code: 'IMPORT_UPLOAD' });
    await expect(imp.call('import.preview', { sessionId, mapping: { serviceId: 0, customerCode: null, name: 1, document: 0, emails: [], phones: [], plan: 0, status: 0 } })).rejects.toMatchObject({
      code: 'IMPORT_SESSION_GONE',
    });
  });
});
