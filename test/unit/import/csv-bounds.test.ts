import { describe, expect, it } from 'vitest';
import { MAX_ROWS } from '../../../shared/import/limits';
import { headerWidth, parseCsv, type CsvFile } from '../../../shared/import/parse';

const utf8 = (s: string) => new TextEncoder().encode(s);
const parse = (text: string, name = 'clientes.csv') => parseCsv(utf8(text), name);
const parsed = (text: string): CsvFile => {
  const f = parse(text);
  if ('error' in f) throw new Error(f.error);
  return f;
};
const errorOf = (text: string, name = 'clientes.csv') => {
  const f = parse(text, name);
  return 'error' in f ? f.error : 'lido';
};
const columns = (n: number) => Array.from({ length: n }, (_, i) => `coluna_${i + 1}`).join(';');

describe('CSV header width (read before any line is split)', () => {
  it('refuses more than 200 titled columns, saying how many and what to check', () => {
    expect(errorOf(`${columns(201)}\n${'x;'.repeat(200)}x\n`)).toBe(
      'A linha de títulos do arquivo "clientes.csv" tem 201 colunas; o SVA Desk lê até 200. Confira se o separador do arquivo é ponto e vírgula, vírgula ou tabulação, ou exporte do ERP só as colunas dos clientes e serviços.',
    );
    expect(parsed(`${columns(200)}\n${'x;'.repeat(199)}x\n`).headers).toHaveLength(200);
  });

  it('refuses a header of a million columns without splitting it', () => {
    const text = `${'a;'.repeat(999_999)}a\n1;2\n`;
    expect(headerWidth(text, ';')).toBe(1_000_000);
    expect(errorOf(text)).toMatch(/^A linha de títulos do arquivo "clientes.csv" tem 1\.000\.000 colunas; o SVA Desk lê até 200\./);
  });

  it('checks the header before the lines below it: a broken quote further down is not what it reports', () => {
    expect(errorOf(`${columns(250)}\n"aberta;1\n2;3\n`)).toMatch(/tem 250 colunas/);
  });

  it('counts up to the last title: empty cells after it (Excel leaves them) neither count nor stay on the rows', () => {
    const f = parsed(`nome;cpf_cnpj${';'.repeat(300)}\nAna;123${';'.repeat(300)}\n`);
    expect(f.headers).toEqual(['nome', 'cpf_cnpj']);
    expect(f.rows).toEqual([{ line: 2, cells: ['Ana', '123'] }]);
  });

  it('skips blank lines above the header, and lines with only separators', () => {
    const f = parsed(`\r\n  \r\n;;\r\nnome;cpf\r\nAna;1\r\n`);
    expect(f.headers).toEqual(['nome', 'cpf']);
    expect(f.rows).toEqual([{ line: 5, cells: ['Ana', '1'] }]);
  });
});

describe('CSV quotes and line numbers', () => {
  const header = 'id;nome;cidade';
  const body = (n: number, from = 2) => Array.from({ length: n }, (_, i) => `${i + from};Cliente ${i + from};Recife`);

  it('a quote left open stops the reading at its line: nothing is read, instead of the rest of the file as one cell', () => {
    const text = [header, '1;Ana;Recife', '2;"Bruno;Olinda', ...body(2_000, 3)].join('\r\n');
    expect(errorOf(text)).toBe(
      'O arquivo "clientes.csv" tem aspas (") abertas na linha 3 que não se fecham: o resto do arquivo viraria uma célula só. Abra o arquivo no Excel ou no Bloco de Notas, corrija as aspas dessa linha (ou exporte de novo do ERP) e escolha o arquivo outra vez. Nada foi importado.',
    );
  });

  it('a quote that closes lines later, in the middle of a cell, is the same mistake', () => {
    const text = [header, '1;"Ana;Recife', '2;Bruno;Olinda', '3;Carla"x;Natal', ...body(5, 5)].join('\n');
    expect(errorOf(text)).toMatch(/aspas \(\"\) abertas na linha 2 que não se fecham/);
  });

  it('keeps a quoted cell with a line break inside (an address), and the lines after it keep their numbers', () => {
    const f = parsed([header, '1;"Ana\r\nda Silva";Recife', '', '2;Bruno;Olinda'].join('\r\n'));
    expect(f.rows).toEqual([
      { line: 2, cells: ['1', 'Ana\r\nda Silva', 'Recife'] },
      { line: 5, cells: ['2', 'Bruno', 'Olinda'] },
    ]);
  });

  it('reads quotes inside a cell on one line as ERPs write them', () => {
    const f = parsed([header, '1;Padaria "Boa Massa";Recife', '2;"Mercado ""Central""";Olinda'].join('\n'));
    expect(f.rows.map((r) => r.cells[1])).toEqual(['Padaria "Boa Massa"', 'Mercado "Central"']);
  });

  it('refuses a file of more than 500,000 lines of data', () => {
    const text = `a;b\n${'1;2\n'.repeat(MAX_ROWS + 1)}`;
    expect(errorOf(text)).toBe(
      'O arquivo "clientes.csv" tem mais de 500.000 linhas de dados. Exporte os clientes do ERP em partes (por exemplo, por cidade ou por plano) e importe um arquivo de cada vez.',
    );
  });
});
