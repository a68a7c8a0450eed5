/**
 * Settings: known keys only, each with its schema. Two homes, on purpose:
 *
 * - the OFFICE's settings live in the store (settings table): the daily routine's hour and last run,
 *   the import's remembered plan mappings, the record of the move from the old browser database.
 *   With several desks on the office's PostgreSQL (issue 12) they are shared, as they should be:
 *   one routine, one mapping of the ERP's plan names.
 * - the DESK's clerk name lives beside the store, in `desk.json` in this desk's data folder: with a
 *   shared store, one row would give every desk the same name; it must be known before the store
 *   answers (the mutation wrapper reads it synchronously for every write); and a backup moved to
 *   another office must not carry a desk's person with it. Whether this computer opens SVA Desk
 *   when it starts lives there too: it is this machine's choice, not the office's.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { AppError } from '../../../shared/contract/result';
import { DatabaseServer } from '../../../shared/contract/database';
import { ClerkName, LegacyMove, PlanMapping, Schedule, UpdateFeed, type SettingChange, type Settings } from '../../../shared/contract/workspace';
import type { HandlerTable } from '../dispatch';
import type { Logger } from '../ports';
import type { Db, Tx } from '../store/store';
import { writeFileAtomic } from '../vault';
import type { Mutate, Mutation } from './mutation';

// ---- the office's settings (store) ----

const officeSettings = {
  schedule: { schema: Schedule, fallback: { hour: 4 } as Schedule },
  'import.planMapping': { schema: PlanMapping, fallback: {} as PlanMapping },
  'legacy.move': { schema: LegacyMove.nullable(), fallback: null as LegacyMove | null },
  updates: { schema: UpdateFeed, fallback: { url: null } as UpdateFeed },
} satisfies Record<string, { schema: z.ZodType; fallback: unknown }>;

export type OfficeSettingKey = keyof typeof officeSettings;
export type OfficeSetting<K extends OfficeSettingKey> = z.infer<(typeof officeSettings)[K]['schema']>;

/** The settings a backup carries: the office's preferences, not the record of this store's past. */
export const BACKED_UP_SETTINGS: readonly OfficeSettingKey[] = ['schedule', 'import.planMapping'];

export const isOfficeSettingKey = (key: string): key is OfficeSettingKey => Object.hasOwn(officeSettings, key);

/** Parses a known setting's value; throws the zod error when it does not fit its schema. */
export function parseSetting<K extends OfficeSettingKey>(key: K, value: unknown): OfficeSetting<K> {
  return officeSettings[key].schema.parse(value) as OfficeSetting<K>;
}

/** A stored setting, or its default when absent or unreadable (a row written by hand, say). */
export async function readSetting<K extends OfficeSettingKey>(db: Db | Tx, key: K): Promise<OfficeSetting<K>> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  if (!row) return officeSettings[key].fallback as OfficeSetting<K>;
  let value: unknown;
  try {
    value = JSON.parse(row.value);
  } catch {
    return officeSettings[key].fallback as OfficeSetting<K>;
  }
  const parsed = officeSettings[key].schema.safeParse(value);
  return (parsed.success ? parsed.data : officeSettings[key].fallback) as OfficeSetting<K>;
}

/** Writes a known setting inside a mutation (the import's plan mapping, the routine's last run). */
export async function writeSetting<K extends OfficeSettingKey>(m: Mutation, key: K, value: OfficeSetting<K>): Promise<void> {
  const json = JSON.stringify(parseSetting(key, value));
  await m.tx
    .insertInto('settings')
    .values({ key, value: json, updatedAt: m.at })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: json, updatedAt: m.at }))
    .execute();
  m.changed('settings');
}

// ---- the desk's clerk (desk.json beside the store) ----

export const DESK_FILE = 'desk.json';
/** The office's server this desk uses (`use`) or last used; its password is the vault's. */
const DeskDatabase = z.object({ server: DatabaseServer, use: z.boolean() });
export type DeskDatabase = z.infer<typeof DeskDatabase>;
// startAtLogin and database are optional: files written before them read as "no" and "this computer".
const DeskFile = z.object({ version: z.literal(1), clerk: z.string().nullable(), startAtLogin: z.boolean().optional(), database: DeskDatabase.optional() });
type DeskFile = z.infer<typeof DeskFile>;

export type Desk = {
  clerk(): string | null;
  setClerk(name: string): void;
  startAtLogin(): boolean;
  setStartAtLogin(on: boolean): void;
  database(): DeskDatabase | null;
  setDatabase(database: DeskDatabase): void;
};

export function openDesk(dataDir: string, logger?: Logger): Desk {
  const path = join(dataDir, DESK_FILE);
  let file: DeskFile = { version: 1, clerk: null };
  if (existsSync(path)) {
    try {
      file = DeskFile.parse(JSON.parse(readFileSync(path, 'utf8')));
    } catch {
      // A damaged file only means the name is asked again (and the server chosen again).
      logger?.warn('desk file unreadable; the clerk name will be asked again');
    }
  }
  const write = (next: DeskFile) => {
    writeFileAtomic(path, JSON.stringify(next));
    file = next;
  };
  return {
    clerk: () => file.clerk,
    setClerk: (name) => write({ ...file, clerk: name }),
    startAtLogin: () => file.startAtLogin ?? false,
    setStartAtLogin: (on) => write({ ...file, startAtLogin: on }),
    database: () => file.database ?? null,
    setDatabase: (database) => write({ ...file, database }),
  };
}

export const START_AT_LOGIN_WEB = 'Abrir com o sistema é uma opção do SVA Desk instalado. No navegador, o SVA Desk funciona enquanto o programa que o iniciou estiver aberto.';

// ---- the service ----

export type SettingsService = ReturnType<typeof createSettingsService>;

const hh = (hour: number) => `${String(hour).padStart(2, '0')}:00`;

export function createSettingsService(deps: { db: Db; mutate: Mutate; desk: Desk; host: 'electron' | 'web' }) {
  const { db, mutate, desk } = deps;

  async function get(): Promise<Settings> {
    return {
      schedule: await readSetting(db, 'schedule'),
      importPlanMapping: await readSetting(db, 'import.planMapping'),
      clerk: desk.clerk(),
      updates: await readSetting(db, 'updates'),
      startAtLogin: desk.startAtLogin(),
    };
  }

  async function set(change: SettingChange): Promise<Settings> {
    switch (change.key) {
      case 'schedule':
        await mutate(async (m) => {
          const before = await readSetting(m.tx, 'schedule');
          await writeSetting(m, 'schedule', { ...before, hour: change.value.hour });
          if (before.hour !== change.value.hour) {
            m.record({ kind: 'schedule.save', outcome: 'info', message: `Rotina diária (sincronizar produtos e transmitir) passa a rodar às ${hh(change.value.hour)}, antes às ${hh(before.hour)}.` });
          }
        });
        break;
      case 'import.planMapping':
        await mutate((m) => writeSetting(m, 'import.planMapping', change.value));
        break;
      case 'updates': {
        const parsed = UpdateFeed.safeParse({ url: change.value.url?.trim() || null });
        if (!parsed.success) throw new AppError('VALIDATION', parsed.error.issues[0]!.message, { fields: { url: parsed.error.issues[0]!.message } });
        await mutate(async (m) => {
          const before = await readSetting(m.tx, 'updates');
          await writeSetting(m, 'updates', parsed.data);
          if (before.url !== parsed.data.url) {
            m.record({ kind: 'updates.save', outcome: 'info', message: parsed.data.url ? `Atualizações do SVA Desk passam a vir de ${parsed.data.url}.` : 'Atualizações do SVA Desk voltam ao endereço de fábrica.' });
          }
        });
        break;
      }
      case 'desk.clerk': {
        const parsed = ClerkName.safeParse(change.value);
        if (!parsed.success) throw new AppError('VALIDATION', parsed.error.issues[0]!.message, { fields: { clerk: parsed.error.issues[0]!.message } });
        const before = desk.clerk();
        if (parsed.data === before) break;
        // The file first: the event below is then signed by the new name.
        desk.setClerk(parsed.data);
        await mutate(async (m) => {
          m.record({ kind: 'desk.clerk', outcome: 'info', message: before ? `Atendente desta mesa: ${parsed.data} (antes: ${before}).` : `Atendente desta mesa: ${parsed.data}.` });
          m.changed('settings');
        });
        break;
      }
      case 'desk.startAtLogin': {
        // The desktop shell registers the login item (electron/tray.ts); a browser host has none to register.
        if (deps.host !== 'electron') throw new AppError('VALIDATION', START_AT_LOGIN_WEB);
        if (change.value === desk.startAtLogin()) break;
        desk.setStartAtLogin(change.value);
        await mutate(async (m) => {
          m.record({
            kind: 'background.startAtLogin',
            outcome: 'info',
            message: change.value ? 'Esta mesa passa a abrir o SVA Desk (na bandeja) quando o computador liga.' : 'Esta mesa deixa de abrir o SVA Desk quando o computador liga.',
          });
          m.changed('settings');
        });
        break;
      }
    }
    return get();
  }

  return { get, set };
}

export function settingsHandlers(s: SettingsService): Pick<HandlerTable, 'settings.get' | 'settings.set'> {
  return {
    'settings.get': () => s.get(),
    'settings.set': (change) => s.set(change),
  };
}
