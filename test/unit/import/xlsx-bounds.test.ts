import { deflateRawSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import { parseFile } from '../../../shared/import/parse';

/**
 * Zip bombs, built here: the parts of a real workbook (written by write-excel-file) plus entries
 * whose data and declared sizes the test chooses. The deflate stream is node:zlib's (150 MB of
 * zeros in ~1 s; fflate's own deflate takes ~10 s for it on these machines); the archive around
 * it is written below, so an entry can declare a size its data does not have.
 */
type Entry = { name: string; method: 0 | 8; data: Uint8Array; size: number };

function zipOf(entries: Entry[]): Uint8Array {
  const enc = new TextEncoder();
  const locals: Uint8Array[] = [];
  const central: Uint8Array[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = enc.encode(e.name);
    const local = new DataView(new ArrayBuffer(30));
    local.setUint32(0, 0x04034b50, true);
    local.setUint16(4, 20, true);
    local.setUint16(8, e.method, true);
    local.setUint32(18, e.data.length, true);
    local.setUint32(22, e.size, true);
    local.setUint16(26, name.length, true);
    locals.push(new Uint8Array(local.buffer), name, e.data);
    const dir = new DataView(new ArrayBuffer(46));
    dir.setUint32(0, 0x02014b50, true);
    dir.setUint16(4, 20, true);
    dir.setUint16(6, 20, true);
    dir.setUint16(10, e.method, true);
    dir.setUint32(20, e.data.length, true);
    dir.setUint32(24, e.size, true);
    dir.setUint16(28, name.length, true);
    dir.setUint32(42, offset, true);
    central.push(new Uint8Array(dir.buffer), name);
    offset += 30 + name.length + e.data.length;
  }
  const centralSize = central.reduce((n, p) => n + p.length, 0);
  const end = new DataView(new ArrayBuffer(22));
  end.setUint32(0, 0x06054b50, true);
  end.setUint16(8, entries.length, true);
  end.setUint16(10, entries.length, true);
  end.setUint32(12, centralSize, true);
  end.setUint32(16, offset, true);
  const parts = [...locals, ...central, new Uint8Array(end.buffer)];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

const MB = 1024 * 1024;
const headers = ['id_cliente_servico', 'nome_razaosocial', 'cpf_cnpj', 'servico', 'status_prefixo'];
let workbook: Entry[];
/** 150 MB of zeros, deflated (~150 KB). */
let bomb: Uint8Array;

beforeAll(async () => {
  const book = new Uint8Array(await writeExcelFile([headers, [900001, 'Ana Lima', '123.456.789-09', 'Fibra 300', 'servico_habilitado']], { sheet: 'Clientes' }).toBuffer());
  workbook = Object.entries(unzipSync(book)).map(([name, data]) => ({ name, method: 0, data, size: data.length }));
  bomb = deflateRawSync(Buffer.alloc(150 * MB), { level: 9 });
});

/** The workbook with some of its parts replaced and others added. */
const bookWith = (...changes: Entry[]) => zipOf([...workbook.filter((e) => !changes.some((c) => c.name === e.name)), ...changes]);
const errorOf = async (bytes: Uint8Array) => {
  const f = await parseFile(bytes, 'clientes.xlsx');
  return 'error' in f ? f.error : `lida: ${f.rows.map((r) => r.cells[1]).join(', ')}`;
};

describe('XLSX: only the parts read are inflated, within bounds', () => {
  it('the test archive itself reads as the workbook it holds', async () => {
    expect(await errorOf(zipOf(workbook))).toBe('lida: Ana Lima');
  });

  it('never inflates a part it does not read: a second sheet declaring 1 GB, with data that would not even inflate', async () => {
    const junk = Uint8Array.from({ length: 4096 }, (_, i) => (i * 37) & 0xff);
    const other = bookWith(
      { name: 'xl/worksheets/sheet2.xml', method: 8, data: junk, size: 1024 * MB },
      { name: 'xl/media/image1.xml', method: 8, data: bomb, size: 150 * MB },
    );
    expect(await errorOf(other)).toBe('lida: Ana Lima');
  });

  it('refuses a part that declares more than 100 MB before inflating it', async () => {
    const book = bookWith({ name: 'xl/worksheets/sheet1.xml', method: 8, data: bomb, size: 150 * MB });
    expect(await errorOf(book)).toBe(
      'A planilha "clientes.xlsx" tem uma parte interna (xl/worksheets/sheet1.xml) que passa de 100 MB quando aberta: grande demais para o SVA Desk. Exporte os clientes do ERP em CSV, ou em partes (por exemplo, por cidade ou por plano).',
    );
  });

  it('stops a part that inflates past what it declares (a bomb declaring 1 KB): the file is damaged', async () => {
    const book = bookWith({ name: 'xl/worksheets/sheet1.xml', method: 8, data: bomb, size: 1024 });
    expect(await errorOf(book)).toBe(
      'Não consegui abrir a planilha "clientes.xlsx": ela pode estar protegida por senha ou corrompida. Abra no Excel e salve de novo, ou exporte do ERP em CSV.',
    );
  });

  it('refuses the parts read when together they pass 200 MB, before inflating any', async () => {
    const book = bookWith(
      { name: 'xl/worksheets/sheet1.xml', method: 8, data: bomb, size: 90 * MB },
      { name: 'xl/sharedStrings.xml', method: 8, data: bomb, size: 90 * MB },
      { name: 'xl/styles.xml', method: 8, data: bomb, size: 30 * MB },
    );
    expect(await errorOf(book)).toBe(
      'A planilha "clientes.xlsx" passa de 200 MB quando aberta: grande demais para o SVA Desk. Exporte os clientes do ERP em CSV, ou em partes (por exemplo, por cidade ou por plano).',
    );
  });
});
