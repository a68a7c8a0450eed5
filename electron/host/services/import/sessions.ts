/**
 * Import sessions: the file a clerk is importing, held by the host between the steps of the screen
 * (upload → columns → preview → apply). In memory only: a file is never written to disk, and a
 * restart simply asks for it again. A few at a time (several windows, a clerk who starts over);
 * an idle one expires.
 */
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../../shared/contract/result';
import type { ImportCounts, ImportDiff, PlanResolution } from '../../../../shared/import/diff';
import type { ParsedFile } from '../../../../shared/import/parse';
import type { ImportRow, Validation } from '../../../../shared/import/validate';
import type { Clock } from '../../ports';

export type Preview = {
  id: string;
  mappingKey: string;
  resolution: PlanResolution;
  counts: ImportCounts;
  /** what the preview computed, and the store's fingerprint before it read (store/bulk-insert.ts) */
  diff: ImportDiff;
  existingCustomerIds: Map<string, number>;
  fingerprint: string | null;
};

export type Session = {
  id: string;
  fileName: string;
  size: number;
  touchedAt: number;
  /** while uploading; dropped once the file is read */
  bytes: Uint8Array | null;
  received: number;
  file: ParsedFile | null;
  validation: { mappingKey: string; value: Validation; withWarnings: ImportRow[] } | null;
  preview: Preview | null;
  applying: boolean;
  /** import.cancel during an apply: the write stops at its next chunk and rolls back */
  canceled: boolean;
};

const MAX_SESSIONS = 3;
const IDLE_MS = 60 * 60 * 1000;

export function createSessions(clock: Clock) {
  const sessions = new Map<string, Session>();

  const expire = () => {
    const now = clock.now();
    for (const s of sessions.values()) if (!s.applying && now - s.touchedAt > IDLE_MS) sessions.delete(s.id);
  };

  return {
    open(fileName: string, size: number): Session {
      expire();
      // The oldest idle ones make room: each may hold a file's rows (tens of MB).
      const idle = [...sessions.values()].filter((s) => !s.applying).sort((a, b) => a.touchedAt - b.touchedAt);
      while (sessions.size >= MAX_SESSIONS && idle.length > 0) sessions.delete(idle.shift()!.id);
      const session: Session = {
        id: randomUUID(),
        fileName,
        size,
        touchedAt: clock.now(),
        bytes: new Uint8Array(size),
        received: 0,
        file: null,
        validation: null,
        preview: null,
        applying: false,
        canceled: false,
      };
      sessions.set(session.id, session);
      return session;
    },

    get(id: string): Session {
      expire();
      const session = sessions.get(id);
      if (!session) {
        throw new AppError('IMPORT_SESSION_GONE', 'Esta importação não está mais aberta (o SVA Desk foi reiniciado ou ela ficou parada por muito tempo). Escolha o arquivo de novo.');
      }
      session.touchedAt = clock.now();
      return session;
    },

    has: (id: string) => sessions.has(id),
    drop: (id: string) => sessions.delete(id),
  };
}

export type Sessions = ReturnType<typeof createSessions>;
