/**
 * Cobrança on a real temp store: licence_events written by the engine's function, the month read
 * in one go, the product cost with its history, the rule, the export files and the closing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { readSheet } from 'read-excel-file/node';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createChargingService, type ChargingService } from '../../electron/host/services/charging';
import { reportHash, svaReportDefinition } from '../../electron/host/services/charging-report';
import { createTransfers, type Transfers } from '../../electron/host/services/transfers';
import { recordLicenceState, recordPlatformMonth } from '../../electron/host/store/licence-events';
import { customer, integration, link, pkg, product, service } from '../fixtures/office';
import { writeOffice } from './office';
import { openTestStore, type TestStore } from './support';

let t: TestStore;
let transfers: Transfers;
let charging: ChargingService;

/** São Paulo wall time → ISO instant. */
const sp = (local: string) => new Date(`${local}-03:00`).toISOString();

async function readAll(transferId: string): Promise<string> {
  let text = '';
  for (let offset = 0; ; ) {
    const piece = await transfers.read(transferId, offset);
    text += piece.text;
    if (piece.done) return text;
    offset = piece.nextOffset;
  }
}

async function state(linkId: string, s: string, local: string) {
  await t.mutate(async (m) => recordLicenceState(m.tx, linkId, s, sp(local)), { actor: 'integration' });
}

beforeEach(async () => {
  t = await openTestStore();
  transfers = createTransfers({ dir: mkdtempSync(join(tmpdir(), 'sva-charging-')), clock: t.clock });
  charging = createChargingService({ store: t.store, mutate: t.mutate, transfers, clock: t.clock });
  const combo = { ...pkg(1, '1192001'), priceCents: 3000, composition: [{ description: 'Leitura', fiscalKind: 'SVA' as const, amountCents: 2000 }, { description: 'Acesso', fiscalKind: 'SCM' as const, amountCents: 1000 }] };
  await writeOffice(t.store, {
    integrations: [integration()],
    products: [product('1192001')],
    packages: [combo],
    customers: [1, 2, 3].map((i) => customer(i, { code: `C${i}` })),
    services: [service('S1', 1), service('S2', 2), service('S3', 3)],
    links: [link('L1', 'S1', 1), link('L2', 'S2', 1), link('L3', 'S3', 1)],
  });
  t.clock.set('2026-12-02T12:00:00.000Z');
});
afterEach(async () => t.close());

describe('licence_events', () => {
  it('records a confirmed state once, carrying the link’s service, package and integration', async () => {
    await state('L1', 'active', '2026-11-01T10:00:00');
    await state('L1', 'active', '2026-11-02T10:00:00');
    await state('L1', 'error', '2026-11-03T10:00:00');
    await state('L1', 'suspended', '2026-11-10T10:00:00');
    const rows = await t.store.db.selectFrom('licenceEvents').selectAll().orderBy('id').execute();
    expect(rows.map((r) => [r.linkId, r.serviceId, r.packageId, r.integrationId, r.state])).toEqual([
      ['L1', 'S1', 1, 'camp', 'active'],
      ['L1', 'S1', 1, 'camp', 'suspended'],
    ]);
  });
});

describe('a competência from the store', () => {
  beforeEach(async () => {
    // L1: whole month, suspended 10th → re-enabled 20th; L2: activated 22:30 on the last day; L3: cancelled on the 1st
    await state('L1', 'active', '2026-10-05T10:00:00');
    await state('L1', 'suspended', '2026-11-10T08:00:00');
    await state('L1', 'active', '2026-11-20T18:00:00');
    await state('L2', 'active', '2026-11-30T22:30:00');
    await state('L3', 'active', '2026-10-05T10:00:00');
    await state('L3', 'canceled', '2026-11-01T09:00:00');
  });

  it('bills each link pro rata by default, split by the composition, with the ERP fields', async () => {
    const month = await charging.month('2026-11', 0, 100);
    expect(month.lines.map((l) => [l.serviceId, l.customerCode, l.activeDays, l.amountCents, l.svaCents, l.scmCents])).toEqual([
      ['S1', 'C1', 20, 2000, 1334, 666],
      ['S2', 'C2', 1, 100, 67, 33],
    ]);
    expect(month.totals).toMatchObject({ lines: 2, amountCents: 2100, svaCents: 1401, scmCents: 699, otherCents: 0 });
    expect(month.lines[0]).toMatchObject({ status: 'active', activatedOn: '2026-10-05', suspensions: [['2026-11-10', '2026-11-19']], productName: 'Leitura 1192001' });
    expect(month.ended).toBe(true);
    expect(month.closing).toBeNull();
  });

  it('follows the integration’s rule, and says so in the history', async () => {
    await charging.setRule('camp', 'integral');
    const month = await charging.month('2026-11', 0, 100);
    expect(month.lines.map((l) => l.amountCents)).toEqual([3000, 3000]);
    const ev = await t.store.db.selectFrom('events').select(['kind', 'message']).where('kind', '=', 'charging.rule').executeTakeFirstOrThrow();
    expect(ev.message).toContain('Integral');
    expect(await charging.rules()).toEqual([{ integrationId: 'camp', description: 'Campsoft produção', rule: 'integral' }]);
  });

  it('exports the two CSV dialects and the XLSX with the same totals', async () => {
    const excel = await charging.export('2026-11', 'excel');
    const machine = await charging.export('2026-11', 'machine');
    const rowsExcel = Papa.parse<Record<string, string>>(await readAll(excel.transferId), { delimiter: ';', header: true, skipEmptyLines: true }).data;
    const rowsMachine = Papa.parse<Record<string, string>>(await readAll(machine.transferId), { delimiter: ',', header: true, skipEmptyLines: true }).data;
    expect(rowsExcel.map((r) => r.valor)).toEqual(['20,00', '1,00']);
    expect(rowsMachine.map((r) => r.valor)).toEqual(['20.00', '1.00']);
    expect(rowsExcel[0]).toMatchObject({ competencia: '11/2026', data_ativacao: '05/10/2026', periodos_suspensos: '10/11/2026 a 19/11/2026', id_cliente_servico: 'S1', valor_sva: '13,34' });
    expect(rowsMachine[0]).toMatchObject({ competencia: '2026-11', data_ativacao: '2026-10-05', periodos_suspensos: '2026-11-10/2026-11-19', valor_scm: '6.66' });
    const xlsx = await charging.export('2026-11', 'xlsx');
    const sheet = await readSheet(Buffer.from(await readAll(xlsx.transferId), 'base64'));
    expect(sheet[0]).toEqual(expect.arrayContaining(['valor', 'valor_sva']));
    const valor = (sheet[0] as string[]).indexOf('valor');
    expect(sheet.slice(1).map((r) => r[valor])).toEqual([20, 1]);
    const events = await t.store.db.selectFrom('events').select('message').where('kind', '=', 'charging.export').execute();
    expect(events).toHaveLength(3);
    expect(events[0]!.message).toContain('total R$ 21,00');
  });

  it('closes an exported month only, keeps it as exported, and bills a later change as an adjustment in the next month', async () => {
    const open = await charging.month('2026-11', 0, 100);
    await expect(charging.close('2026-11', open.dataHash)).rejects.toThrow(/Exporte a cobrança de 11\/2026 antes/);
    await expect(charging.close('2026-12', 'x')).rejects.toThrow(/ainda não terminou/);
    await charging.export('2026-11', 'excel');
    await expect(charging.close('2026-11', 'hash-antigo')).rejects.toThrow(/mudou depois/);
    const closed = await charging.close('2026-11', open.dataHash);
    expect(closed.dataHash).toBe(open.dataHash);
    await expect(charging.close('2026-11', open.dataHash)).rejects.toThrow(/já foi fechada/);

    // a suspension of L2 confirmed late, dated in November, and a new cost before the closing: refused
    await state('L2', 'suspended', '2026-11-30T23:00:00');
    await state('L2', 'active', '2026-12-01T08:00:00');
    await expect(charging.setProductCost({ integrationId: 'camp', productCode: '1192001', costCents: 400, validFrom: '2026-11-01' })).rejects.toThrow(/fechada/);

    const november = await charging.month('2026-11', 0, 100);
    expect(november.lines.map((l) => l.amountCents)).toEqual([2000, 100]);
    expect(november.dataHash).toBe(open.dataHash);
    expect(november.closing).toMatchObject({ changedSince: 1 });
    const again = Papa.parse<Record<string, string>>(await readAll((await charging.export('2026-11', 'machine')).transferId), { header: true, skipEmptyLines: true }).data;
    expect(again.map((r) => r.valor)).toEqual(['20.00', '1.00']);

    const december = await charging.month('2026-12', 0, 100);
    const adjustment = december.lines.find((l) => l.kind === 'adjustment');
    expect(adjustment).toMatchObject({ serviceId: 'S2', competence: '2026-12', adjusts: '2026-11', amountCents: -100, svaCents: -67, scmCents: -33 });
    expect(december.adjustments).toMatchObject({ lines: 1, amountCents: -100 });
    const dec = Papa.parse<Record<string, string>>(await readAll((await charging.export('2026-12', 'excel')).transferId), { delimiter: ';', header: true, skipEmptyLines: true }).data;
    expect(dec.find((r) => r.tipo === 'ajuste')).toMatchObject({ competencia_ajustada: '11/2026', valor: '-1,00' });

    // a later change of the rule or of the package's price is not a change to November: no adjustment for it
    await charging.setRule('camp', 'integral');
    await t.store.db.updateTable('packages').set({ priceCents: 5000 }).where('id', '=', 1).execute();
    const after = await charging.month('2026-12', 0, 100);
    expect(after.lines.filter((l) => l.kind === 'adjustment').map((l) => [l.serviceId, l.amountCents, l.svaCents, l.scmCents])).toEqual([['S2', -100, -67, -33]]);
    expect((await charging.month('2026-11', 0, 100)).closing).toMatchObject({ changedSince: 1 });
    // December itself is billed under the new rule and price
    expect(after.lines.filter((l) => l.kind === 'month').map((l) => l.amountCents)).toEqual([5000, 5000]);
  });
});

describe('Conferência da fatura da plataforma', () => {
  it('keeps what the month’s platform checks saw and lists the exceptions against the billed licences', async () => {
    await charging.setProductCost({ integrationId: 'camp', productCode: '1192001', costCents: 400, validFrom: '2026-01-01' });
    await state('L1', 'active', '2026-10-05T10:00:00');
    await state('L2', 'active', '2026-10-05T10:00:00');
    const licence = (contract: string, status: 'active' | 'suspended' | 'canceled') => ({ contractIdentifier: contract, name: contract, licences: [{ label: 'campsoft-leitura-1', productCode: '1192001', status }] });
    // two checks in November: S2 active then suspended (seen active: it counts), S9 active and unknown to the office
    await t.mutate(async (m) => recordPlatformMonth(m.tx, m.engine, 'camp', { fetchedAt: sp('2026-11-05T04:00:00'), subscribers: [licence('S1', 'active'), licence('S2', 'active'), licence('S9', 'active')] }));
    await t.mutate(async (m) => recordPlatformMonth(m.tx, m.engine, 'camp', { fetchedAt: sp('2026-11-30T22:00:00'), subscribers: [licence('S1', 'active'), licence('S2', 'suspended'), licence('S9', 'active')] }));
    // a check of December is another month
    await t.mutate(async (m) => recordPlatformMonth(m.tx, m.engine, 'camp', { fetchedAt: sp('2026-12-01T04:00:00'), subscribers: [licence('S3', 'active')] }));
    const bill = await charging.platformBill('2026-11');
    expect(bill.lastCheckAt).toBe(sp('2026-11-30T22:00:00'));
    expect(bill.products).toEqual([expect.objectContaining({ productCode: '1192001', platformActive: 3, unitCostCents: 400, expectedCents: 1200, billedLicences: 2, billedCents: 6000 })]);
    expect(bill.exceptions).toEqual([expect.objectContaining({ kind: 'not_billed', contractIdentifier: 'S9', platformStatus: 'active' })]);
    const rows = await t.store.db.selectFrom('platformMonthLicences').select(['competence', 'contractIdentifier', 'seenActive', 'lastStatus']).orderBy('competence').orderBy('contractIdentifier').execute();
    expect(rows).toContainEqual({ competence: '2026-11', contractIdentifier: 'S2', seenActive: 1, lastStatus: 'suspended' });
    expect(rows).toHaveLength(4);
  });
});

/** A PDF's Info dictionary entry written by pdfkit as a literal ASCII string (Subject carries the hash). */
function pdfInfo(pdf: Buffer, key: string): string | undefined {
  const raw = pdf.toString('latin1');
  const ref = new RegExp(`/${key} (\\d+) 0 R`).exec(raw)?.[1];
  return ref ? new RegExp(`\\n${ref} 0 obj\\n\\((.*)\\)\\nendobj`).exec(raw)?.[1] : undefined;
}

describe('Relatório de SVA do mês', () => {
  it('is a PDF laid out from the month’s data, signed with the hash of that data, who generated it and when', async () => {
    charging = createChargingService({ store: t.store, mutate: t.mutate, transfers, clock: t.clock, clerk: () => t.clerk.name });
    await charging.setProductCost({ integrationId: 'camp', productCode: '1192001', costCents: 400, validFrom: '2026-01-01' });
    await state('L1', 'active', '2026-10-05T10:00:00');
    await state('L2', 'active', '2026-11-11T10:00:00');
    const file = await charging.report('2026-11');
    expect(file.fileName).toBe('relatorio-sva-2026-11.pdf');
    const pdf = Buffer.from(await readAll(file.transferId), 'base64');
    expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
    expect(pdf.toString('latin1').match(/\/Type \/Page\b/g)?.length).toBeGreaterThanOrEqual(1);
    expect(pdfInfo(pdf, 'Subject')).toBe(`sha256 ${file.dataHash}`);

    // the hash is the one of the data the service read: the month's lines and the platform's side
    const month = await charging.month('2026-11', 0, 500);
    const bill = await charging.platformBill('2026-11');
    const data = { competence: '2026-11', lines: month.lines, products: bill.products, exceptions: bill.exceptions, closed: null, generatedAt: file.generatedAt, generatedBy: 'Ana (balcão 1)', provider: 'Campsoft produção' };
    expect(reportHash(data)).toBe(file.dataHash);
    const text = JSON.stringify(svaReportDefinition(data, file.dataHash).content);
    expect(text).toContain('Relatório de SVA do mês · competência 11/2026');
    expect(text).toContain('por Ana (balcão 1)');
    expect(text).toContain('Totais por pacote');
    expect(text).toContain('Totais por produto');
    // L1 the whole month (SVA R$ 20,00 of 30,00), L2 from the 11th (20 days: SVA R$ 13,34 of 20,00)
    expect(text).toContain('R$ 33,34');
    expect(text).toContain('Cobrada sem licença na plataforma: 2');
    expect(text).toContain(file.dataHash);

    const ev = await t.store.db.selectFrom('events').select('message').where('kind', '=', 'charging.report').executeTakeFirstOrThrow();
    expect(ev.message).toContain(file.dataHash.slice(0, 16));
    // the same data gives the same hash; a change gives another
    expect((await charging.report('2026-11')).dataHash).toBe(file.dataHash);
    await state('L2', 'suspended', '2026-11-25T10:00:00');
    expect((await charging.report('2026-11')).dataHash).not.toBe(file.dataHash);
  });
});

describe('product cost', () => {
  it('keeps every value with the day it holds from; the current one is the newest started', async () => {
    await charging.setProductCost({ integrationId: 'camp', productCode: '1192001', costCents: 300, validFrom: '2026-01-01' });
    await charging.setProductCost({ integrationId: 'camp', productCode: '1192001', costCents: 350, validFrom: '2027-01-01' });
    const [cost] = await charging.productCosts('camp');
    expect(cost).toMatchObject({ productCode: '1192001', current: { costCents: 300, validFrom: '2026-01-01', createdBy: 'Ana (balcão 1)' } });
    expect(cost!.history.map((h) => h.costCents)).toEqual([350, 300]);
    expect(t.notices.at(-1)).toContain('charging');
  });

  it('refuses a negative value, an impossible day and an unknown product, in Portuguese', async () => {
    await expect(charging.setProductCost({ integrationId: 'camp', productCode: '1192001', costCents: -1, validFrom: '2026-01-01' })).rejects.toThrow('O custo não pode ser negativo');
    await expect(charging.setProductCost({ integrationId: 'camp', productCode: '1192001', costCents: 1, validFrom: '2026-02-31' })).rejects.toThrow('dd/mm/aaaa');
    await expect(charging.setProductCost({ integrationId: 'camp', productCode: '999', costCents: 1, validFrom: '2026-02-01' })).rejects.toThrow('Produto não encontrado');
  });

  it('puts the platform’s cost of each licence active in the month into the totals and the Painel’s figures', async () => {
    await charging.setProductCost({ integrationId: 'camp', productCode: '1192001', costCents: 450, validFrom: '2026-01-01' });
    await state('L1', 'active', '2026-10-05T10:00:00');
    await state('L2', 'active', '2026-11-15T10:00:00');
    expect((await charging.month('2026-11', 0, 10)).totals).toMatchObject({ costCents: 900, licences: 2 });
    const figures = await charging.revenueVsCost(3);
    expect(figures.map((f) => f.competence)).toEqual(['2026-10', '2026-11', '2026-12']);
    expect(figures[0]).toMatchObject({ costCents: 450, amountCents: 2613, svaCents: 1742 });
    expect(figures[2]).toMatchObject({ costCents: 900, amountCents: 6000 });
  });

  it('refuses a competência written wrong', async () => {
    await expect(charging.month('11/2026', 0, 10)).rejects.toThrow('Use o formato aaaa-mm');
  });
});
