/**
 * A figure the host computes from the whole record (the Painel's pictures), kept until a change
 * notice names one of the tables it is computed from — every screen asking meanwhile shares it —, and
 * computed again when its key turns (the office month, say). While a run sends, write-backs change
 * `links` many times a second: the figure is then computed again at most every `liveMs`, and the
 * screens ask again when the run's state moves, so the end of a run is drawn.
 */
import type { Clock } from '../ports';

/** While a run sends, a figure is computed again at most this often. */
const LIVE_RECOMPUTE_MS = 5_000;

export function keptUntilChanged<T>(deps: { tables: readonly string[]; clock: Clock; runLive?: () => boolean; liveMs?: number }) {
  const liveMs = deps.liveMs ?? LIVE_RECOMPUTE_MS;
  let cached: { value: Promise<T>; key: string; at: number } | null = null;
  let stale = false;
  return {
    /** The record changed under these tables: the next ask computes again. */
    invalidate(tables: readonly string[]): void {
      if (tables.some((t) => deps.tables.includes(t))) stale = true;
    },
    get(key: string, compute: () => Promise<T>): Promise<T> {
      const now = deps.clock.now();
      if (cached && cached.key === key && (!stale || (deps.runLive?.() && now - cached.at < liveMs))) return cached.value;
      stale = false;
      const entry = { value: compute(), key, at: now };
      cached = entry;
      // a failed computation is not kept: the next ask tries again
      entry.value.catch(() => {
        if (cached === entry) cached = null;
      });
      return entry.value;
    },
  };
}
