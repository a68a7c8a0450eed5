import { describe, expect, it } from 'vitest';
import { columnKey, columnLooks, missingContactNotes, recognizedMapping, unmappedHints } from '../../../shared/import/columns';
import { missingFields, parseCsv } from '../../../shared/import/parse';
import { validateRows } from '../../../shared/import/validate';

// Windows-1252: the ANSI bytes of the accents these titles and names use.
const cp1252 = (s: string) => Uint8Array.from([...s].map((ch) => ({ ã: 0xe3, ç: 0xe7, é: 0xe9, ó: 0xf3, ú: 0xfa, í: 0xed, Ç: 0xc7, Ã: 0xc3 })[ch] ?? ch.charCodeAt(0)));
const parsed = (bytes: Uint8Array) => {
  const f = parseCsv(bytes, 'clientes.csv');
  if ('error' in f) throw new Error(f.error);
  return f;
};

describe('Genérico mapping: the ERPs’ own titles, no manual choice', () => {
  it('HubSoft export as the new user had it (Windows-1252): ID Serviço, E-mail, Status do Serviço', () => {
    const f = parsed(
      cp1252(
        'ID Serviço;Código do Cliente;Nome/Razão Social;CPF/CNPJ;E-mail;Telefone;Celular;Serviço;Status do Serviço\r\n' +
          '5001;101;João da Conceição;123.456.789-09;joao@exemplo.com.br;(11) 3456-7890;(11) 98765-4321;Fibra 300 Mega;Serviço Habilitado\r\n',
      ),
    );
    expect(f.encoding).toBe('windows-1252');
    const m = recognizedMapping(f.headers);
    expect(m).toEqual({ serviceId: 0, customerCode: 1, name: 2, document: 3, emails: [4], phones: [6, 5], plan: 7, status: 8 });
    expect(missingFields(m)).toEqual([]);
    const v = validateRows(f, m);
    expect(v.rejected).toEqual([]);
    expect(v.rows[0]).toMatchObject({ serviceId: '5001', name: 'João da Conceição', emails: ['joao@exemplo.com.br'], status: 'servico_habilitado', warnings: [] });
  });

  it('HubSoft titles in UTF-8 with "documento" and the raw column names', () => {
    const f = parsed(new TextEncoder().encode('id_cliente_servico;nome;documento;email;telefone;plano;status_prefixo\n1;Ana;123.456.789-09;a@b.com.br;(11) 98765-4321;Fibra;servico_habilitado\n'));
    expect(recognizedMapping(f.headers)).toEqual({ serviceId: 0, customerCode: null, name: 1, document: 2, emails: [3], phones: [4], plan: 5, status: 6 });
  });

  it('IXC Provedor (cliente_contrato joined with cliente): id beside id_cliente, razao, cnpj_cpf, telefone_celular, fone, contrato, status_internet', () => {
    const headers = ['id', 'id_cliente', 'razao', 'cnpj_cpf', 'email', 'telefone_celular', 'fone', 'contrato', 'status_internet'];
    const m = recognizedMapping(headers);
    expect(m).toEqual({ serviceId: 0, customerCode: 1, name: 2, document: 3, emails: [4], phones: [5, 6], plan: 7, status: 8 });
    expect(missingFields(m)).toEqual([]);
  });

  it('IXC with an explicit contract id, and its printed titles', () => {
    expect(recognizedMapping(['ID Contrato', 'Cliente', 'CNPJ/CPF', 'E_mail', 'Telefone Celular', 'Plano', 'Situação'])).toEqual({
      serviceId: 0,
      customerCode: null,
      name: 1,
      document: 2,
      emails: [3],
      phones: [4],
      plan: 5,
      status: 6,
    });
  });

  it('MK Solutions printed titles: Código da Conexão, Plano de Acesso, Situação do Contrato, Fone Celular', () => {
    const m = recognizedMapping(['Cód. Cliente', 'Nome', 'CPF', 'Código da Conexão', 'Plano de Acesso', 'Situação do Contrato', 'Email', 'Fone Celular', 'Fone Residencial']);
    expect(m).toEqual({ serviceId: 3, customerCode: 0, name: 1, document: 2, emails: [6], phones: [7, 8], plan: 4, status: 5 });
    expect(missingFields(m)).toEqual([]);
  });

  it('synonyms of the service id all land on the same field', () => {
    for (const h of ['ID Serviço', 'id_cliente_servico', 'Código do Serviço', 'COD_SERVICO', 'Id Cliente Serviço', 'id_contrato']) {
      expect(recognizedMapping(['Nome', h]).serviceId).toBe(1);
    }
    expect(['E-mail', 'email', 'e_mail', 'E-MAIL', 'e mail'].map(columnKey)).toEqual(Array(5).fill('email'));
    expect(['Documento', 'CPF/CNPJ', 'cnpj_cpf'].map((h) => recognizedMapping([h]).document)).toEqual([0, 0, 0]);
    expect(['Telefone', 'Celular', 'telefone_celular', 'fone'].map((h) => recognizedMapping([h]).phones)).toEqual([[0], [0], [0], [0]]);
    expect(['Status do Serviço', 'situacao', 'Situação', 'status'].map((h) => recognizedMapping([h]).status)).toEqual([0, 0, 0, 0]);
  });

  it('never gives one column to two fields', () => {
    const m = recognizedMapping(['contrato', 'nome', 'cpf']);
    expect(m.plan).toBe(0);
    expect(m.serviceId).toBeNull();
  });
});

describe('an optional column left unmapped that looks like e-mails or phones is pointed out', () => {
  const headers = ['ID Serviço', 'Nome', 'CPF/CNPJ', 'Plano', 'Status', 'Contato', 'Recado', 'Obs'];
  const rows = [
    ['1', 'Ana', '123.456.789-09', 'Fibra', 'servico_habilitado', 'ana@exemplo.com.br', '(11) 98765-4321', 'portão azul'],
    ['2', 'Bia', '987.654.321-00', 'Fibra', 'servico_habilitado', 'bia@exemplo.com.br', '21 3456-7890', ''],
    ['3', 'Caio', '111.444.777-35', 'Fibra', 'servico_habilitado', '', '(20) 98765-4321', 'ligar à tarde'],
  ].map((cells, i) => ({ line: i + 2, cells }));

  it('names the column and the field to choose, and says nothing once it is mapped', () => {
    const looks = columnLooks(rows, headers.length);
    expect(looks).toEqual([
      { column: 5, kind: 'email' },
      { column: 6, kind: 'phone' },
    ]);
    const m = recognizedMapping(headers);
    expect(m.emails).toEqual([]);
    const hints = unmappedHints(headers, looks, m);
    expect(hints).toHaveLength(2);
    expect(hints[0]).toMatch(/^A coluna "Contato" parece conter e-mails; associe-a ao campo E-mail\(s\)/);
    expect(hints[1]).toMatch(/^A coluna "Recado" parece conter telefones; associe-a ao campo Telefone\(s\) \/ celular/);
    expect(unmappedHints(headers, looks, { ...m, emails: [5], phones: [6] })).toEqual([]);
  });

  it('does not take a CPF column for phones', () => {
    expect(columnLooks(rows, headers.length).some((l) => l.column === 2)).toBe(false);
  });
});

describe('a DDD that does not exist is a row warning with the value, counted', () => {
  it.each(['20', '23', '25', '26', '29', '30', '36', '39', '40', '50', '52', '56', '57', '58', '59', '60', '70', '72', '76', '78', '80', '90'])('DDD %s', (ddd) => {
    const f = { rows: [{ line: 2, cells: ['1', 'Ana', '123.456.789-09', 'a@b.com.br', `(${ddd}) 98765-4321; (11) 3456-7890`, 'Fibra', 'servico_habilitado'] }] };
    const v = validateRows(f, { serviceId: 0, customerCode: null, name: 1, document: 2, emails: [3], phones: [4], plan: 5, status: 6 });
    expect(v.rows).toHaveLength(1);
    expect(v.rows[0]!.phones).toEqual([{ ddi: '55', ddd: '11', number: '34567890', mobile: false }]);
    expect(v.rows[0]!.warnings).toEqual([`Telefone "(${ddd}) 98765-4321": DDD ${ddd} não existe no Brasil. Confira o DDD do telefone. O telefone não será importado.`]);
    expect(v).toMatchObject({ droppedPhones: 1, invalidDdds: 1 });
  });
});

describe('no e-mail or phone column at all is said once on the columns step, not on every line only', () => {
  it('names what is missing and where to choose it, and says nothing when a column is chosen or one looks like it', () => {
    const m = recognizedMapping(['ID Serviço', 'Nome', 'CPF/CNPJ', 'Plano', 'Status']);
    expect(missingContactNotes([], m, 999)).toEqual([
      'Nenhuma coluna de e-mail escolhida: os 999 clientes do arquivo serão importados sem e-mail, e os pacotes só serão transmitidos depois que um e-mail for cadastrado. Se o arquivo tem e-mails, escolha a coluna em E-mail(s).',
      'Nenhuma coluna de telefone escolhida: os 999 clientes do arquivo serão importados sem telefone, e os pacotes só serão transmitidos depois que um telefone for cadastrado. Se o arquivo tem telefones, escolha a coluna em Telefone(s) / celular.',
    ]);
    expect(missingContactNotes([{ column: 5, kind: 'email' }], { ...m, phones: [4] }, 999)).toEqual([]);
  });
});
