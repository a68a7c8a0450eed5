import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { decodeBytes, detectDelimiter, hubsoftMapping, missingFields, parseCsv, type ParsedFile } from '../../../shared/import/parse';
import { S9_NO_EMAIL, validateRows } from '../../../shared/import/validate';

const utf8 = (s: string) => new TextEncoder().encode(s);
const cp1252 = (s: string) => Uint8Array.from([...s].map((ch) => ({ ã: 0xe3, ç: 0xe7, é: 0xe9, Á: 0xc1 })[ch] ?? ch.charCodeAt(0)));
const parsed = (bytes: Uint8Array) => {
  const f = parseCsv(bytes, 'teste.csv');
  if ('error' in f) throw new Error(f.error);
  return f;
};

describe('encoding detection', () => {
  it('reads UTF-8 with a BOM and drops the BOM from the first header', () => {
    const f = parsed(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('nome;cpf_cnpj\nJoão;1\n')]));
    expect(f.encoding).toBe('utf-8');
    expect(f.headers[0]).toBe('nome');
    expect(f.rows[0].cells[0]).toBe('João');
  });

  it('reads UTF-8 without a BOM', () => {
    expect(decodeBytes(utf8('Conceição')).text).toBe('Conceição');
    expect(decodeBytes(utf8('Conceição')).encoding).toBe('utf-8');
  });

  it('falls back to Windows-1252 when the bytes are not UTF-8, keeping the accents', () => {
    const { text, encoding } = decodeBytes(cp1252('Conceição;Gonçalves;José;Á'));
    expect(encoding).toBe('windows-1252');
    expect(text).toBe('Conceição;Gonçalves;José;Á');
  });

  it('reads the sample HubSoft export (Windows-1252, semicolons)', () => {
    const f = parsed(readFileSync('test/fixtures/erp/hubsoft-clientes.csv'));
    expect(f.encoding).toBe('windows-1252');
    expect(f.delimiter).toBe(';');
    expect(f.rows[0].cells[2]).toBe('João da Conceição');
  });
});

describe('delimiter detection', () => {
  it.each([
    [';', 'a;b;c\n1;2;3'],
    [',', 'a,b,c\n1,2,3'],
    ['\t', 'a\tb\tc\n1\t2\t3'],
  ])('detects %j', (d, text) => {
    expect(detectDelimiter(text)).toBe(d);
  });

  it('ignores commas inside quoted headers', () => {
    expect(detectDelimiter('"nome, razão";cpf;status\n')).toBe(';');
  });

  it('says plainly when the file has only the header line', () => {
    const f = parseCsv(utf8('a;b\n'), 'vazio.csv');
    expect(f).toEqual({ error: 'O arquivo "vazio.csv" só tem a linha de títulos: não há clientes para importar.' });
  });
});

const hubsoftHeaders = ['id_cliente_servico', 'codigo_cliente', 'nome_razaosocial', 'cpf_cnpj', 'email_principal', 'telefone_primario', 'celular', 'servico', 'status', 'status_prefixo'];

describe('HubSoft preset', () => {
  it('maps every field from the HubSoft column names, preferring status_prefixo', () => {
    const m = hubsoftMapping(hubsoftHeaders);
    expect(m).toEqual({ serviceId: 0, customerCode: 1, name: 2, document: 3, emails: [4], phones: [6, 5], plan: 7, status: 9 });
    expect(missingFields(m)).toEqual([]);
  });

  it('recognises headers written with accents, spaces and capitals', () => {
    const m = hubsoftMapping(['ID Cliente Serviço', 'Nome/Razão Social', 'CPF/CNPJ', 'Plano', 'Status']);
    expect(m.serviceId).toBe(0);
    expect(m.name).toBe(1);
    expect(m.document).toBe(2);
    expect(m.plan).toBe(3);
    expect(m.status).toBe(4);
  });

  it('lists the required fields it could not find', () => {
    expect(missingFields(hubsoftMapping(['nome', 'cpf_cnpj']))).toEqual(['serviceId', 'plan', 'status']);
  });
});

function file(rows: string[][]): ParsedFile {
  return { fileName: 'x.csv', format: 'csv', encoding: 'utf-8', delimiter: ';', headers: hubsoftHeaders, rows: rows.map((cells, i) => ({ line: i + 2, cells })) };
}
const row = (over: Partial<Record<string, string>> = {}) => {
  const base: Record<string, string> = {
    id_cliente_servico: '1',
    codigo_cliente: '10',
    nome_razaosocial: 'Maria Souza',
    cpf_cnpj: '123.456.789-09',
    email_principal: 'maria@exemplo.com.br',
    telefone_primario: '',
    celular: '(11) 98765-4321',
    servico: 'Fibra 300',
    status: 'Serviço Habilitado',
    status_prefixo: 'servico_habilitado',
    ...over,
  };
  return hubsoftHeaders.map((h) => base[h]);
};
const validate = (rows: string[][]) => validateRows(file(rows), hubsoftMapping(hubsoftHeaders));

describe('per-row validation', () => {
  it('imports a sound row with its parsed document, e-mail, phone and status', () => {
    const v = validate([row()]);
    expect(v.rejected).toEqual([]);
    expect(v.rows[0]).toMatchObject({
      serviceId: '1',
      document: '12345678909',
      documentType: 'cpf',
      emails: ['maria@exemplo.com.br'],
      phones: [{ ddi: '55', ddd: '11', number: '987654321', mobile: true }],
      status: 'servico_habilitado',
      warnings: [],
    });
  });

  it('rejects an invalid CPF with the reason', () => {
    const v = validate([row({ cpf_cnpj: '123.456.789-00' })]);
    expect(v.rows).toEqual([]);
    expect(v.rejected[0].reasons).toEqual(['CPF inválido: dígitos verificadores não conferem. Confira o documento digitado.']);
  });

  it('accepts the 2026 alphanumeric CNPJ', () => {
    const v = validate([row({ cpf_cnpj: '12.ABC.345/01DE-35' })]);
    expect(v.rows[0]).toMatchObject({ documentType: 'cnpj', document: '12ABC34501DE35' });
  });

  it('rejects an unknown status and names statuses that work', () => {
    const v = validate([row({ status_prefixo: 'em_analise' })]);
    expect(v.rejected[0].reasons[0]).toBe(
      'Status "em_analise" desconhecido: use um status do ERP, por exemplo Serviço Habilitado (servico_habilitado) ou Suspenso por Débito (suspenso_debito).',
    );
  });

  it('accepts statuses as printed names, whatever the case or accents', () => {
    const mapping = { ...hubsoftMapping(hubsoftHeaders), status: 8 };
    const v = validateRows(file([row({ status: 'SUSPENSO POR DEBITO' }), row({ id_cliente_servico: '2', status: 'aguardando instalação' })]), mapping);
    expect(v.rows.map((r) => r.status)).toEqual(['suspenso_debito', 'aguardando_instalacao']);
  });

  it('imports a customer without e-mail with the S9 warning', () => {
    const v = validate([row({ email_principal: '' })]);
    expect(v.rows).toHaveLength(1);
    expect(v.rows[0].warnings).toEqual([S9_NO_EMAIL]);
  });

  it('keeps the row but leaves out an invalid phone, saying why', () => {
    const v = validate([row({ telefone_primario: '(00) 1234-5678' })]);
    expect(v.rows[0].phones).toHaveLength(1);
    expect(v.rows[0].warnings).toEqual(['Telefone "(00) 1234-5678": DDD 00 não existe no Brasil. Confira o DDD do telefone. O telefone não será importado.']);
  });

  it('rejects a row without id_cliente_servico', () => {
    expect(validate([row({ id_cliente_servico: '' })]).rejected[0].reasons).toEqual([
      'Sem código do serviço (id_cliente_servico): preencha a coluna no ERP e exporte de novo.',
    ]);
  });

  it('reports an exact duplicate line and imports it once', () => {
    const v = validate([row(), row({ id_cliente_servico: '2' }), row()]);
    expect(v.rows.map((r) => r.serviceId)).toEqual(['1', '2']);
    expect(v.duplicates).toEqual([{ line: 4, sameAs: 2 }]);
  });

  it('rejects the second row of the same service with different data', () => {
    const v = validate([row(), row({ status_prefixo: 'cancelado' })]);
    expect(v.rows).toHaveLength(1);
    expect(v.rejected[0].reasons[0]).toContain('id_cliente_servico 1 repetido com dados diferentes (já aparece na linha 2)');
  });

  it('lists each plan of the file once, ignoring case and accents', () => {
    const v = validate([row({ servico: 'Fibra Básica' }), row({ id_cliente_servico: '2', servico: 'FIBRA BASICA' }), row({ id_cliente_servico: '3', servico: 'Rádio 10' })]);
    expect(v.planNames).toEqual(['Fibra Básica', 'Rádio 10']);
    expect(v.rows[1].planName).toBe('Fibra Básica');
  });

  it('validates the sample file: 6 rows, 2 rejected, 1 duplicate', () => {
    const f = parsed(readFileSync('test/fixtures/erp/hubsoft-clientes.csv'));
    const v = validateRows(f, hubsoftMapping(f.headers));
    expect(v.rows).toHaveLength(6);
    expect(v.rejected.map((r) => r.line)).toEqual([7, 8]);
    expect(v.duplicates).toEqual([{ line: 9, sameAs: 3 }]);
    expect(v.planNames).toEqual(['Fibra 300 Mega', 'Fibra Empresarial 500 Mega', 'Fibra 600 Mega']);
  });
});
