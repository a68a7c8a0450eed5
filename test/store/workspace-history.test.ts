import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { sql } from 'kysely';
import Papa from 'papaparse';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { HistoryFilter, HistoryRecord } from '../../shared/contract/workspace';
import { historyCsvHeader } from '../../shared/domain/history';
import type { HistoryActor, HistoryOutcome } from '../../shared/domain/model';
import { dispatch, type HandlerTable } from '../../electron/host/dispatch';
import { eventRow } from '../../electron/host/store/rows';
import { TRANSFERS_FOLDER } from '../../electron/host/services/workspace';
import { download, openTestWorkspace, type TestWorkspace } from './workspace-support';

let t: TestWorkspace;
beforeEach(async () => {
  t = await openTestWorkspace();
});
afterEach(() => t.close());

const kinds = ['customer.save', 'customer.lgpd_export', 'service.status', 'transmission.ok', 'transmission.error', 'import.erp', 'customers.bulk'];
const outcomes: HistoryOutcome[] = ['ok', 'ok', 'error', 'info'];
const actors: HistoryActor[] = ['user', 'integration', 'system'];
const clerks = ['Ana (balcão 1)', 'Bruno (balcão 2)'];
const T0 = Date.parse('2026-01-01T00:00:00.000Z');

type Seeded = Omit<HistoryRecord, 'id'>;

/** `n` events over a year, several per second at times (ties on `at` are what keyset must survive). */
async function seedEvents(n: number): Promise<(Seeded & { id: number })[]> {
  const all: Seeded[] = [];
  for (let i = 0; i < n; i++) {
    const actor = actors[i % 3]!;
    all.push({
      at: new Date(T0 + Math.floor(i / 3) * 45_000).toISOString(),
      actor,
      ...(actor === 'user' && { clerk: clerks[i % 2]! }),
      ...(i % 4 === 1 && { integrationId: i % 8 === 1 ? 'int-a' : 'int-b' }),
      kind: kinds[i % kinds.length]!,
      ...(i % 5 !== 0 && { subject: i % 5 === 1 ? `cliente:${i % 150}` : `cliente:${i % 150}/servico:${9000 + (i % 40)}` }),
      outcome: outcomes[i % 4]!,
      message: i % 997 === 0 ? `=HYPERLINK("http://mal.example/?x=${i}","Clique aqui")` : `Cliente Conceição nº ${i} atualizado; Ação ${i % 13 === 0 ? 'IMPORTANTE' : 'comum'}`,
      ...(i % 4 === 2 && { platformErrorId: `E-${i}` }),
    });
  }
  for (let i = 0; i < all.length; i += 500) await t.store.db.insertInto('events').values(all.slice(i, i + 500).map(eventRow)).execute();
  return all.map((e, i) => ({ ...e, id: i + 1 }));
}

/** What the office expects a filter to find, written plainly. */
function oracle(events: (Seeded & { id: number })[], f: HistoryFilter) {
  const text = f.text?.trim().toLowerCase();
  return events
    .filter(
      (e) =>
        (!f.integrationId || e.integrationId === f.integrationId) &&
        (!f.kind || e.kind === f.kind || e.kind.startsWith(`${f.kind}.`)) &&
        (!f.outcome || e.outcome === f.outcome) &&
        (!f.actor || e.actor === f.actor) &&
        (!f.clerk || e.clerk === f.clerk) &&
        (!f.subject || e.subject === f.subject || (e.subject ?? '').startsWith(`${f.subject}/`)) &&
        (!text || `${e.message}\n${e.subject ?? ''}\n${e.kind}`.toLowerCase().includes(text)) &&
        (!f.from || e.at >= f.from) &&
        (!f.to || e.at < f.to),
    )
    .sort((a, b) => (a.at === b.at ? b.id - a.id : a.at < b.at ? 1 : -1));
}

async function allPages(filter: HistoryFilter, limit: number) {
  const ids: number[] = [];
  let after: { at: string; id: number } | undefined;
  const totals = new Set<number>();
  for (let guard = 0; guard < 10_000; guard++) {
    const page = await t.ws.history.list({ filter, after, limit });
    ids.push(...page.events.map((e) => e.id));
    totals.add(page.total);
    if (!page.next) break;
    after = page.next;
  }
  return { ids, totals: [...totals] };
}

describe('Histórico: history.list over every event', () => {
  it('pages through all 10,000 events newest first, each once, with the total matching', async () => {
    const seeded = await seedEvents(10_000);
    const { ids, totals } = await allPages({}, 500);
    expect(ids).toHaveLength(10_000);
    expect(new Set(ids).size).toBe(10_000);
    expect(ids).toEqual(oracle(seeded, {}).map((e) => e.id));
    expect(totals).toEqual([10_000]);
  });

  it.each<[string, HistoryFilter]>([
    ['an integration', { integrationId: 'int-a' }],
    ['a category (customer.*, not customers.bulk)', { kind: 'customer' }],
    ['an exact kind', { kind: 'transmission.error' }],
    ['an outcome', { outcome: 'error' }],
    ['an actor', { actor: 'system' }],
    ['a clerk', { clerk: 'Bruno (balcão 2)' }],
    ['a customer, with their services (cliente:12, not cliente:120)', { subject: 'cliente:12' }],
    ['text in any case', { text: 'importante' }],
    ['text with LIKE wildcards taken literally', { text: '100%_' }],
    ['a date range', { from: '2026-01-02T00:00:00.000Z', to: '2026-01-03T00:00:00.000Z' }],
    ['several at once', { kind: 'customer', outcome: 'ok', clerk: 'Ana (balcão 1)', text: 'conceição', from: '2026-01-01T12:00:00.000Z' }],
  ])('filters by %s, across pages, with the total of all matches', async (_name, filter) => {
    const seeded = await seedEvents(3_000);
    const expected = oracle(seeded, filter).map((e) => e.id);
    const { ids, totals } = await allPages(filter, 97);
    expect(ids).toEqual(expected);
    expect(totals).toEqual([expected.length]);
    if (filter.subject) expect(expected.length).toBeGreaterThan(0);
  });

  it('returns the stored event with its clerk and platform error id, and lists the kinds and clerks for the filters', async () => {
    await seedEvents(40);
    const page = await t.ws.history.list({ filter: { kind: 'customer.lgpd_export' }, limit: 1 });
    expect(page.events[0]).toMatchObject({ kind: 'customer.lgpd_export', outcome: expect.any(String), actor: expect.any(String) });
    const withError = await t.ws.history.list({ filter: { text: 'nº 38 ' }, limit: 5 });
    expect(withError.events).toEqual([expect.objectContaining({ platformErrorId: 'E-38', actor: 'system', subject: 'cliente:38/servico:9038' })]);
    expect(await t.ws.history.facets()).toEqual({ kinds: [...kinds].sort(), clerks: clerks });
  });

  it('refuses filters the contract does not know (dispatch, zod) without running a query', async () => {
    const handlers = t.ws.handlers as unknown as HandlerTable;
    const r = await dispatch(handlers, 'history.list', { filter: { outcome: 'maybe' } });
    expect(r).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    const ok = await dispatch(handlers, 'history.list', {});
    expect(ok).toMatchObject({ ok: true, data: { events: [], total: 0, next: null } });
  });
});

describe('Histórico: history.export', () => {
  it('writes EVERY one of 10,000 events as CSV, streamed with progress, formulas made text', async () => {
    const seeded = await seedEvents(10_000);
    const file = await t.ws.history.export({});
    expect(file).toMatchObject({ rows: 10_000, mimeType: 'text/csv', fileName: expect.stringMatching(/^historico-\d{4}-\d{2}-\d{2}\.csv$/) });

    const { text, chunks } = await download(t.ws, file.transferId);
    expect(Buffer.byteLength(text, 'utf8')).toBe(file.bytes);
    expect(chunks).toBeGreaterThan(1); // > 768 KB: read back in several pieces, accents intact across them
    const parsed = Papa.parse<string[]>(text, { delimiter: ';', skipEmptyLines: true });
    expect(parsed.errors).toEqual([]);
    expect(parsed.data[0]).toEqual([...historyCsvHeader]);
    const rows = parsed.data.slice(1);
    expect(rows).toHaveLength(10_000);
    const message = historyCsvHeader.indexOf('mensagem');
    const newestFirst = oracle(seeded, {});
    expect(rows.map((r) => r[message])).toEqual(newestFirst.map((e) => (e.message.startsWith('=') ? `'${e.message}` : e.message)));
    expect(rows.filter((r) => r[message]!.startsWith("'=HYPERLINK(")).length).toBe(seeded.filter((e) => e.message.startsWith('=HYPERLINK')).length);
    expect(rows.some((r) => r.some((cell) => /^[=+\-@]/.test(cell)))).toBe(false);
    expect(text).toContain('Cliente Conceição nº 1 atualizado');
    expect(text.split('\r\n').slice(0, -1)).not.toContain(''); // no blank line (a spreadsheet shows it as an empty row)

    const progress = t.pushed.filter((p) => p.event === 'history.exportProgress').map((p) => p.payload as { written: number; total: number });
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toEqual(expect.objectContaining({ written: 10_000, total: 10_000 }));
    expect(progress.map((p) => p.written)).toEqual([...progress.map((p) => p.written)].sort((a, b) => a - b));
  });

  it('with a filter over 20,000 events, writes the 10,000 that match and no other, with +, - and @ messages made text', async () => {
    await seedEvents(20_000);
    // The even ids are the customer.save events the filter keeps, each with a message a spreadsheet would evaluate.
    const prefixes = ['+55 11 9 (ligar)', '-R$ 10,00 estorno', '@SUM(A1:A9)', '=HYPERLINK("http://mal.example","x")'];
    await t.store.db.updateTable('events').set({ kind: 'import.erp' }).execute();
    await t.store.db.updateTable('events').set({ kind: 'customer.save' }).where(sql<boolean>`id % 2 = 0`).execute();
    for (const p of prefixes) await t.store.db.updateTable('events').set({ message: p }).where(sql<boolean>`id % 2 = 0 AND (id / 2) % 4 = ${prefixes.indexOf(p)}`).execute();
    const file = await t.ws.history.export({ kind: 'customer' });
    expect(file.rows).toBe(10_000);
    const { text } = await download(t.ws, file.transferId);
    const rows = Papa.parse<string[]>(text, { delimiter: ';', skipEmptyLines: true }).data.slice(1);
    expect(rows).toHaveLength(10_000);
    const message = historyCsvHeader.indexOf('mensagem');
    expect(new Set(rows.map((r) => r[message]))).toEqual(new Set(prefixes.map((p) => `'${p}`)));
    expect(rows.some((r) => r.some((cell) => /^[=+\-@]/.test(cell)))).toBe(false);
  });

  it('keeps the filters, and deletes the file once the last piece is read (personal data)', async () => {
    const seeded = await seedEvents(5_000);
    const filter: HistoryFilter = { outcome: 'ok', integrationId: 'int-b' };
    const file = await t.ws.history.export(filter);
    const expected = oracle(seeded, filter);
    expect(expected.length).toBeGreaterThan(0);
    expect(file.rows).toBe(expected.length);
    const { text } = await download(t.ws, file.transferId);
    const rows = Papa.parse<string[]>(text, { delimiter: ';', skipEmptyLines: true }).data.slice(1);
    expect(rows).toHaveLength(expected.length);
    expect(new Set(rows.map((r) => r[historyCsvHeader.indexOf('resultado')]))).toEqual(new Set(['Sucesso']));
    expect(readdirSync(join(t.dataDir, TRANSFERS_FOLDER))).toEqual([]);
    await expect(t.ws.transfers.read(file.transferId, 0)).rejects.toMatchObject({ code: 'TRANSFER_GONE' });
  });

  it("writes the times in the screen's time zone, and falls back to the host's for a zone it does not know", async () => {
    await t.store.db.insertInto('events').values(eventRow({ at: '2026-03-01T02:30:00.000Z', actor: 'user', kind: 'customer.save', outcome: 'ok', message: 'Cliente alterado' })).execute();
    const when = async (timeZone?: string) => {
      const file = await t.ws.history.export({}, timeZone);
      const rows = Papa.parse<string[]>((await download(t.ws, file.transferId)).text, { delimiter: ';', skipEmptyLines: true }).data;
      return rows[1]![historyCsvHeader.indexOf('quando')];
    };
    expect(await when('America/Sao_Paulo')).toBe('28/02/2026, 23:30');
    expect(await when('Asia/Tokyo')).toBe('01/03/2026, 11:30');
    expect(await when('Lugar/Nenhum')).toBe(await when());
  });

  it('exports an empty history as the header alone', async () => {
    const file = await t.ws.history.export({ text: 'nada disso' });
    expect(file.rows).toBe(0);
    const { text } = await download(t.ws, file.transferId);
    expect(text.trim()).toBe(historyCsvHeader.join(';'));
    expect(existsSync(join(t.dataDir, TRANSFERS_FOLDER))).toBe(true);
  });
});
