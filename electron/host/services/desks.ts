/**
 * The office's desks (issue 12): each host says, at start and every minute, who sits at it and
 * whether it can transmit (it holds the Campsoft credentials of every active integration in its
 * own vault; a desk without them never claims a send). Every desk's status bar lists them.
 */
import type { Clock, Logger } from '../ports';
import type { Db } from '../store/store';

export const PRESENCE_EVERY_MS = 60_000;
/** A desk not seen for this long (three beats missed) is away: it is not counted on to transmit. */
export const PRESENCE_AWAY_MS = 3 * PRESENCE_EVERY_MS;

/** Whether a desk other than `deskId`, seen lately, holds the credentials of every active integration. */
export async function otherDeskCanTransmit(db: Db, deskId: string, now: number): Promise<boolean> {
  const row = await db
    .selectFrom('desks')
    .select('id')
    .where('id', '!=', deskId)
    .where('canTransmit', '=', 1)
    .where('lastSeenAt', '>', new Date(now - PRESENCE_AWAY_MS).toISOString())
    .executeTakeFirst();
  return row !== undefined;
}

export type DeskPresenceDeps = {
  db: Db;
  deskId: string;
  clerk(): string | null;
  canTransmit(): Promise<boolean>;
  clock: Clock;
  /** the row changed (a clerk renamed, credentials saved or lost) */
  onChange(): void;
  logger: Logger;
  /** beat every minute (several desks on the office's server); the embedded file's one desk says it once */
  repeat: boolean;
};

export function createDeskPresence(deps: DeskPresenceDeps) {
  let last = '';
  async function beat(): Promise<void> {
    try {
      const row = { id: deps.deskId, clerk: deps.clerk(), canTransmit: (await deps.canTransmit()) ? (1 as const) : (0 as const), lastSeenAt: new Date(deps.clock.now()).toISOString() };
      await deps.db
        .insertInto('desks')
        .values(row)
        .onConflict((oc) => oc.column('id').doUpdateSet({ clerk: row.clerk, canTransmit: row.canTransmit, lastSeenAt: row.lastSeenAt }))
        .execute();
      const shape = `${row.clerk}|${row.canTransmit}`;
      if (shape !== last) {
        last = shape;
        deps.onChange();
      }
    } catch (err) {
      // the server away: the next beat tries again
      deps.logger.warn('desks: presence not written', { error: err instanceof Error ? err.message : String(err) });
    }
  }
  void beat();
  const timer = deps.repeat ? setInterval(() => void beat(), PRESENCE_EVERY_MS) : undefined;
  timer?.unref?.();
  return {
    /** after a change of clerk or credentials */
    refresh: () => beat(),
    dispose: () => clearInterval(timer),
  };
}
