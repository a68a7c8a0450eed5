import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createImporter, utf8 } from './import-support';
import { openTestStore, type TestStore } from './support';

let t: TestStore;
let imp: ReturnType<typeof createImporter>;
beforeEach(async () => {
  t = await openTestStore();
  imp = createImporter(t);
});
afterEach(() => t.close());

const cp1252 = (s: string) => Uint8Array.from([...s].map((ch) => ({ ã: 0xe3, ç: 0xe7, é: 0xe9, ó: 0xf3, í: 0xed })[ch] ?? ch.charCodeAt(0)));

describe('ERP import in the host: the columns it proposes without a manual choice', () => {
  it('a HubSoft export with its printed titles (Windows-1252) maps every field and previews, an invalid DDD counted', async () => {
    const text =
      'ID Serviço;Código do Cliente;Nome/Razão Social;CPF/CNPJ;E-mail;Telefone;Serviço;Status do Serviço\r\n' +
      '5001;101;João da Conceição;123.456.789-09;joao@exemplo.com.br;(11) 98765-4321;Fibra 300 Mega;Serviço Habilitado\r\n' +
      '5002;102;Maria Gonçalves;987.654.321-00;maria@exemplo.com.br;(20) 99876-5432;Fibra 300 Mega;Suspenso por Débito\r\n';
    const file = await imp.upload(cp1252(text), 'clientes-hubsoft.csv');
    expect(file).toMatchObject({ encoding: 'windows-1252', preset: 'hubsoft', mapping: { serviceId: 0, customerCode: 1, name: 2, document: 3, emails: [4], phones: [5], plan: 6, status: 7 } });
    expect(file.looks).toEqual([
      { column: 4, kind: 'email' },
      { column: 5, kind: 'phone' },
    ]);
    const preview = await imp.preview(file);
    expect(preview.rows).toEqual({ valid: 2, withWarnings: 1, rejected: 0, duplicates: 0, restoredDocuments: 0, droppedPhones: 1, invalidDdds: 1 });
    expect(preview.pages.warnings.items[0]!.warnings).toContain('Telefone "(20) 99876-5432": DDD 20 não existe no Brasil. Confira o DDD do telefone. O telefone não será importado.');
  });

  it('an IXC file (UTF-8) maps with no choice; an e-mail column under an unknown title is reported as looking like e-mails', async () => {
    const text = 'id;id_cliente;razao;cnpj_cpf;contato_principal;telefone_celular;contrato;status_internet\n' + '77;12;Ana Lima;123.456.789-09;ana@exemplo.com.br;(11) 98765-4321;Fibra 100;servico_habilitado\n';
    const file = await imp.upload(utf8(text), 'ixc.csv');
    expect(file.mapping).toEqual({ serviceId: 0, customerCode: 1, name: 2, document: 3, emails: [], phones: [5], plan: 6, status: 7 });
    expect(file.looks).toContainEqual({ column: 4, kind: 'email' });
  });

  it("an IXC file with IXC's own status codes (A, CA, CM, D) previews every row, none rejected", async () => {
    const text =
      'id;id_cliente;razao;cnpj_cpf;email;telefone_celular;contrato;status_internet\n' +
      '77;12;Ana Lima;123.456.789-09;ana@exemplo.com.br;(11) 98765-4321;Fibra 100;A\n' +
      '78;13;Bruno Dias;987.654.321-00;bruno@exemplo.com.br;(11) 98765-4322;Fibra 100;CA\n' +
      '79;14;Carla Reis;111.444.777-35;carla@exemplo.com.br;(11) 98765-4323;Fibra 100;CM\n' +
      '80;15;Davi Luz;529.982.247-25;davi@exemplo.com.br;(11) 98765-4324;Fibra 100;D\n';
    const file = await imp.upload(utf8(text), 'ixc-contratos.csv');
    const preview = await imp.preview(file);
    expect(preview.rows).toMatchObject({ valid: 4, rejected: 0 });
  });
});
