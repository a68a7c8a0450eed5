import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dispatch, type HandlerTable } from '../../electron/host/dispatch';
import { createMutator } from '../../electron/host/services/mutation';
import { createSettingsService, DESK_FILE, openDesk, readSetting, START_AT_LOGIN_WEB, writeSetting } from '../../electron/host/services/settings';
import { openTestWorkspace, type TestWorkspace } from './workspace-support';

let t: TestWorkspace;
let handlers: HandlerTable;
beforeEach(async () => {
  t = await openTestWorkspace();
  handlers = t.ws.handlers as unknown as HandlerTable;
});
afterEach(() => t.close());

const events = () => t.store.db.selectFrom('events').selectAll().orderBy('id').execute();

describe('settings: known keys, each with its schema', () => {
  it('gives the defaults of a new office: routine at 04:00, no plan mapping, no clerk yet, updates from the installer\'s own address', async () => {
    expect(await t.ws.settings.get()).toEqual({ schedule: { hour: 4 }, importPlanMapping: {}, clerk: null, updates: { url: null }, startAtLogin: false });
  });

  it("keeps the office's update address, refuses one that is not an address, and goes back to the installer's with an empty field", async () => {
    const set = await dispatch(handlers, 'settings.set', { key: 'updates', value: { url: '  https://atualizacoes.provedor.com.br/sva-desk/ ' } });
    expect(set).toMatchObject({ ok: true, data: { updates: { url: 'https://atualizacoes.provedor.com.br/sva-desk/' } } });
    const bad = await dispatch(handlers, 'settings.set', { key: 'updates', value: { url: 'atualizacoes do provedor' } });
    expect(bad).toMatchObject({ ok: false, code: 'VALIDATION', fields: { url: expect.stringMatching(/^Informe o endereço completo, começando por https:\/\//) } });
    expect((await t.ws.settings.get()).updates.url).toBe('https://atualizacoes.provedor.com.br/sva-desk/');
    expect(await dispatch(handlers, 'settings.set', { key: 'updates', value: { url: '' } })).toMatchObject({ ok: true, data: { updates: { url: null } } });
    const saved = (await events()).filter((e) => e.kind === 'updates.save').map((e) => e.message);
    expect(saved).toEqual(['Atualizações do SVA Desk passam a vir de https://atualizacoes.provedor.com.br/sva-desk/.', 'Atualizações do SVA Desk voltam ao endereço de fábrica.']);
  });

  it('moves the daily routine, keeping when it last ran, with a history line and a change notice', async () => {
    await t.mutate((m) => writeSetting(m, 'schedule', { hour: 4, lastRunAt: '2026-11-30T07:00:00.000Z' }));
    t.notices.length = 0;
    const after = await t.ws.settings.set({ key: 'schedule', value: { hour: 6 } });
    expect(after.schedule).toEqual({ hour: 6, lastRunAt: '2026-11-30T07:00:00.000Z' });
    expect((await events()).map((e) => [e.kind, e.message, e.clerk])).toEqual([
      ['schedule.save', 'Rotina diária (sincronizar produtos e transmitir) passa a rodar às 06:00, antes às 04:00.', 'Ana (balcão 1)'],
    ]);
    expect(t.notices).toEqual([['settings', 'events']]);
  });

  it('refuses an unknown key and a value outside its schema, writing nothing', async () => {
    for (const input of [
      { key: 'schedule', value: { hour: 24 } },
      { key: 'schedule', value: { hour: 3, lastRunAt: 'ontem' } },
      { key: 'isAdmin', value: true },
      { key: 'import.planMapping', value: { 'fibra 300': -1 } },
    ]) {
      expect(await dispatch(handlers, 'settings.set', input)).toMatchObject({ ok: false, code: 'INVALID_INPUT' });
    }
    expect(await t.store.db.selectFrom('settings').selectAll().execute()).toEqual([]);
    expect(await events()).toEqual([]);
  });

  it('remembers the import plan mapping for the next file (read and written inside a mutation too)', async () => {
    const r = await dispatch(handlers, 'settings.set', { key: 'import.planMapping', value: { 'fibra 300 mega': 3, 'fibra 600': 4 } });
    expect(r).toMatchObject({ ok: true, data: { importPlanMapping: { 'fibra 300 mega': 3, 'fibra 600': 4 } } });
    expect(await t.mutate((m) => readSetting(m.tx, 'import.planMapping'))).toEqual({ 'fibra 300 mega': 3, 'fibra 600': 4 });
  });

  it('reads a hand-edited, unreadable value as its default instead of failing the screen', async () => {
    await t.store.db.insertInto('settings').values({ key: 'schedule', value: '{"hour": "quatro"}', updatedAt: '2026-12-01T00:00:00.000Z' }).execute();
    expect((await t.ws.settings.get()).schedule).toEqual({ hour: 4 });
  });
});

describe("the desk's clerk (issue 12: each desk has a clerk name, set on first start)", () => {
  it('is kept beside the store in desk.json, signs the writes that follow, and is not in the store', async () => {
    const r = await dispatch(handlers, 'settings.set', { key: 'desk.clerk', value: '  Carla   Souza ' });
    expect(r).toMatchObject({ ok: true, data: { clerk: 'Carla Souza' } });
    expect(JSON.parse(readFileSync(join(t.dataDir, DESK_FILE), 'utf8'))).toEqual({ version: 1, clerk: 'Carla Souza' });
    expect(await t.store.db.selectFrom('settings').selectAll().execute()).toEqual([]);

    // the mutation wrapper of the host reads the desk (host.ts: clerk: () => desk.clerk())
    const desk = openDesk(t.dataDir);
    const mutate = createMutator({ store: t.store, clock: t.clock, clerk: () => desk.clerk(), notify: () => {}, onDesiredStateChanged: () => {} });
    await createSettingsService({ db: t.store.db, mutate, desk, host: 'electron' }).set({ key: 'schedule', value: { hour: 2 } });
    const [named, moved] = await events();
    expect(named).toMatchObject({ kind: 'desk.clerk', message: 'Atendente desta mesa: Carla Souza.' });
    expect(moved).toMatchObject({ kind: 'schedule.save', clerk: 'Carla Souza', actor: 'user' });
  });

  it('is per desk: two desks on one store each keep their own name', async () => {
    const other = await openTestWorkspace({ file: t.file });
    try {
      await t.ws.settings.set({ key: 'desk.clerk', value: 'Ana' });
      await other.ws.settings.set({ key: 'desk.clerk', value: 'Bruno' });
      expect((await t.ws.settings.get()).clerk).toBe('Ana');
      expect((await other.ws.settings.get()).clerk).toBe('Bruno');
      await other.ws.settings.set({ key: 'desk.clerk', value: 'Bruno Lima' });
      expect((await events()).map((e) => e.message)).toEqual(['Atendente desta mesa: Ana.', 'Atendente desta mesa: Bruno.', 'Atendente desta mesa: Bruno Lima (antes: Bruno).']);
    } finally {
      await other.close();
    }
  });

  it('refuses a blank name with the message for the field, and a damaged desk.json only asks again', async () => {
    await expect(t.ws.settings.set({ key: 'desk.clerk', value: '   ' })).rejects.toMatchObject({
      code: 'VALIDATION',
      fields: { clerk: 'Informe o nome de quem atende nesta mesa (pelo menos 2 letras).' },
    });
    expect(existsSync(join(t.dataDir, DESK_FILE))).toBe(false);
    writeFileSync(join(t.dataDir, DESK_FILE), '{"version": 1, "clerk": ');
    expect(openDesk(t.dataDir).clerk()).toBeNull();
  });
});

describe('starting with the computer (issue 14: the app in the background)', () => {
  it("is this desk's choice, kept in desk.json beside the clerk's name, and noted in the history", async () => {
    expect((await t.ws.settings.get()).startAtLogin).toBe(false);
    await t.ws.settings.set({ key: 'desk.clerk', value: 'Carla Souza' });
    expect(await t.ws.settings.set({ key: 'desk.startAtLogin', value: true })).toMatchObject({ startAtLogin: true, clerk: 'Carla Souza' });
    expect(JSON.parse(readFileSync(join(t.dataDir, DESK_FILE), 'utf8'))).toEqual({ version: 1, clerk: 'Carla Souza', startAtLogin: true });
    // the name saved again keeps the choice
    await t.ws.settings.set({ key: 'desk.clerk', value: 'Carla Lima' });
    expect(openDesk(t.dataDir).startAtLogin()).toBe(true);
    // saving what is already set writes nothing more
    await t.ws.settings.set({ key: 'desk.startAtLogin', value: true });
    await t.ws.settings.set({ key: 'desk.startAtLogin', value: false });
    expect((await events()).filter((e) => e.kind === 'background.startAtLogin').map((e) => e.message)).toEqual([
      'Esta mesa passa a abrir o SVA Desk (na bandeja) quando o computador liga.',
      'Esta mesa deixa de abrir o SVA Desk quando o computador liga.',
    ]);
    expect(openDesk(t.dataDir).startAtLogin()).toBe(false);
    expect(await t.store.db.selectFrom('settings').selectAll().execute()).toEqual([]);
  });

  it('reads a desk.json written before the option existed as "no"', () => {
    writeFileSync(join(t.dataDir, DESK_FILE), JSON.stringify({ version: 1, clerk: 'Ana' }));
    const desk = openDesk(t.dataDir);
    expect([desk.clerk(), desk.startAtLogin()]).toEqual(['Ana', false]);
  });

  it('is refused on the browser host, which has no login item to register, with the reason', async () => {
    const web = await openTestWorkspace({ host: 'web' });
    try {
      await expect(web.ws.settings.set({ key: 'desk.startAtLogin', value: true })).rejects.toMatchObject({ code: 'VALIDATION', message: START_AT_LOGIN_WEB });
      expect(existsSync(join(web.dataDir, DESK_FILE))).toBe(false);
    } finally {
      await web.close();
    }
  });
});
