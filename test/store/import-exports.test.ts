/**
 * The import screen's exports, written by the host: CSVs for the ERP (services in the HubSoft
 * columns, so they import back), customers and the services' packages without passwords, every
 * formula-looking cell made text; and the preview's rejected lines. Read back as the screen does,
 * with transfer.read.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPlanService } from '../../electron/host/services/plans';
import { createExportService } from '../../electron/host/services/import/exports';
import { createTransfers } from '../../electron/host/services/transfers';
import { erpCsv, erpLine } from '../fixtures/erp-export';
import { createImporter, utf8 } from './import-support';
import { openTestStore, seedIntegration, seedPackage, type TestStore } from './support';

let t: TestStore;
let imp: ReturnType<typeof createImporter>;
let transfers: ReturnType<typeof createTransfers>;
let exports: ReturnType<typeof createExportService>;
beforeEach(async () => {
  t = await openTestStore();
  imp = createImporter(t);
  transfers = createTransfers({ dir: mkdtempSync(join(tmpdir(), 'sva-exports-')), clock: t.clock });
  exports = createExportService({ db: t.store.db, transfers, clock: t.clock, rejectedOf: (id) => imp.service.rejected(id) });
});
afterEach(async () => {
  await transfers.dispose();
  await t.close();
});

async function read(prepared: { transferId: string }): Promise<string> {
  let text = '';
  for (let offset = 0; ; ) {
    const chunk = await transfers.read(prepared.transferId, offset);
    text += chunk.text;
    if (chunk.done) return text;
    offset = chunk.nextOffset;
  }
}

async function seedOffice() {
  const integrationId = await seedIntegration(t);
  const packageId = await seedPackage(t, integrationId);
  await createPlanService({ db: t.store.db, mutate: t.mutate }).save({ values: { name: 'Fibra 300', priceCents: 9990, defaultPackages: [{ packageId, mandatory: true }], lockPackages: false } });
  await imp.importFile(
    utf8(
      erpCsv([
        erpLine(1, { name: 'Conceição Gonçalves', plan: 'Fibra 300', status: 'suspenso_debito', phone: '(11) 98765-4321', email: 'maria@exemplo.com.br' }),
        erpLine(2, { name: '=HYPERLINK("x")', plan: 'Fibra 300', status: 'servico_habilitado' }),
      ]),
    ),
  );
}

describe('ERP exports from the host', () => {
  it('exports services in the HubSoft columns, ;-delimited, that import back unchanged', async () => {
    await seedOffice();
    const prepared = await exports.prepare('services');
    expect(prepared).toMatchObject({ rows: 2, mimeType: 'text/csv' });
    expect(prepared.fileName).toMatch(/^servicos-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await read(prepared)).split('\r\n');
    expect(lines[0]).toBe('id_cliente_servico;codigo_cliente;nome_razaosocial;cpf_cnpj;email_principal;telefone_primario;servico;status_prefixo;status');
    const first = erpLine(1);
    expect(lines[1]).toBe(`${first.serviceId};1;Conceição Gonçalves;${first.document};maria@exemplo.com.br;(11) 98765-4321;Fibra 300;suspenso_debito;Suspenso por Débito`);

    // The file imports back: nothing changes (the formula-looking name, made text, aside).
    const back = await imp.upload(utf8(lines.filter((l) => !l.includes('HYPERLINK')).join('\r\n')), 'servicos.csv');
    expect((await imp.preview(back)).hasChanges).toBe(false);
  });

  it('exports customers and the services\' packages without passwords, a formula-looking name as text', async () => {
    await seedOffice();
    await t.store.db.updateTable('links').set({ password: 'segredo123' }).execute();
    const customers = await read(await exports.prepare('customers'));
    expect(customers.split('\r\n')[0]).toBe('codigo_cliente;nome_razaosocial;tipo_documento;cpf_cnpj;emails;telefones');
    expect(customers).toContain(`'=HYPERLINK`);
    const links = await read(await exports.prepare('links'));
    expect(links.split('\r\n')[0]).toBe('id_cliente_servico;cpf_cnpj;nome_razaosocial;pacote;label;id_contrato;situacao_plataforma;removido_em');
    expect(links).toContain(`${erpLine(1).serviceId};${erpLine(1).document};Conceição Gonçalves;Leitura;campsoft-leitura-`);
    expect(links).toContain(`;${erpLine(1).serviceId};Não transmitido;`);
    expect(links).not.toContain('segredo123');
  });

  it('says there is nothing to export on an empty office, and writes no file', async () => {
    await expect(exports.prepare('customers')).rejects.toThrow('Não há clientes para exportar: importe do ERP ou cadastre clientes primeiro.');
    await expect(exports.prepare('links')).rejects.toThrow(/Não há pacotes vinculados a serviços para exportar/);
  });

  it('saves the preview\'s rejected lines as they were in the file, with the line and why', async () => {
    const file = await imp.upload(utf8(erpCsv([erpLine(1), erpLine(2, { document: '123.456.789-00' })])), 'clientes.csv');
    await imp.preview(file);
    const prepared = await exports.prepare('customers').catch(() => null);
    expect(prepared).toBeNull();
    const report = await exports.rejectedReport(file.sessionId);
    expect(report.rows).toBe(1);
    const lines = (await read(report)).split('\r\n');
    expect(lines[0]).toBe('linha;id_cliente_servico;codigo_cliente;nome_razaosocial;cpf_cnpj;email_principal;celular;servico;status_prefixo;motivo');
    expect(lines[1]).toMatch(/^3;900002;2;.*;123\.456\.789-00;.*;CPF inválido/);
  });
});
