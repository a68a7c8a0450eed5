import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { csvCell, csvLines, toCsv } from '../../shared/csv';

describe('the one CSV writer: cells a spreadsheet would evaluate are made text (CSV injection)', () => {
  it.each(['=HYPERLINK("http://mal.example/?x=1","Clique aqui")', '+55 11 91234-5678', '-2+3', '@SUM(A1:A2)', '\t=1+1', '\r=1+1'])('%j gets a leading apostrophe', (value) => {
    expect(csvCell(value)).toBe(`'${value}`);
  });

  it('leaves ordinary text, a formula sign in the middle and an empty cell alone', () => {
    for (const v of ['Maria Souza', 'a=b', 'R$ -10,00', '', "'já texto"]) expect(csvCell(v)).toBe(v);
  });

  it('escapes header and rows of a whole file, and the pieces of a file written page by page', () => {
    const text = toCsv(['=titulo', 'b'], [['@x', 'Conceição; "aspas"']]) + '\r\n' + csvLines([['-1', '+1']]);
    const rows = Papa.parse<string[]>(text, { delimiter: ';', skipEmptyLines: true }).data;
    expect(rows).toEqual([
      ["'=titulo", 'b'],
      ["'@x", 'Conceição; "aspas"'],
      ["'-1", "'+1"],
    ]);
  });
});
