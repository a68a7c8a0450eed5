import type { Migration } from 'kysely/migration';
import * as m0001 from './0001-initial';
import * as m0002 from './0002-billing';
import * as m0003 from './0003-desks';

/**
 * The schema history, in order. APPEND-ONLY: a shipped migration is never edited (test/store pins
 * each file's text); a change is the next number, tested from the version before it with data in it.
 */
export const migrations: Record<string, Migration> = {
  '0001-initial': m0001,
  '0002-billing': m0002,
  '0003-desks': m0003,
};

export const LATEST_VERSION = Object.keys(migrations).length;
