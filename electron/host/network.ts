/**
 * Online or offline, as the office experiences it: the operating system's view (Electron's
 * net.isOnline) AND how each platform answers. A network that "works" while Campsoft is unreachable
 * — or accepts the connection and never answers — is offline for transmission.
 *
 * Every HTTP attempt reports here (the client's onAttempt, wired in integrations.ts), not only the
 * call after its retries: a hung server is seen when the first attempt times out (15 s), not after
 * four attempts and their backoff (over a minute). A failed attempt counts only when nothing
 * answered well since it was sent: one slow request among many answered ones is the client's
 * business (it retries), not a platform that stopped answering.
 *
 * While a platform is down it is probed every few seconds; when it answers again the renderer is
 * told (network.status) and starts a pass by itself.
 */
import { AppError, type NetworkStatus, type PlatformHealth } from '../../shared/contract';
import type { Platform } from './platform';
import type { Clock, Emit, Logger } from './ports';

/**
 * What one attempt (or, through watchPlatform, one whole call) learned about the platform:
 * reached — it answered (any status below 500); unavailable — it answered 5xx; timeout — no answer
 * within the timeout; unreachable — no connection (refused, reset, DNS).
 */
export type Reach = 'reached' | 'unavailable' | 'timeout' | 'unreachable';

/** The state of a platform that is not answering well. */
export type DownState = PlatformHealth['state'];

type Health = { down?: { state: DownState; since: number }; lastAnswerAt?: number; lastGoodAt?: number };

export type NetworkWatch = {
  online(): boolean;
  /** `startedAt`: when the attempt was sent; without it the failure always counts. */
  report(integrationId: string, outcome: Reach, startedAt?: number): void;
  status(): NetworkStatus;
  /** The state of an integration's platform when it is down, else null. */
  downState(integrationId: string): DownState | null;
  /** Called when an integration's platform goes down (or changes how it is down) and when it is back (null). */
  onChange(listener: (integrationId: string, state: DownState | null) => void): () => void;
  /** The integration is gone (deleted, no credentials): stop probing it. */
  forget(integrationId: string): void;
  dispose(): void;
};

const DOWN_BY_REACH: Record<Exclude<Reach, 'reached'>, DownState> = { timeout: 'not_answering', unreachable: 'unreachable', unavailable: 'unavailable' };

/** Why a platform counts as down, in the office's words (the cause and what happens next). */
export const downMessages: Record<DownState, string> = {
  not_answering: 'A Campsoft aceita a conexão mas não responde no tempo limite.',
  unreachable: 'Não foi possível conectar à Campsoft (conexão recusada ou sem rede).',
  unavailable: 'A Campsoft está respondendo com erro (HTTP 5xx).',
};

export function createNetworkWatch(deps: {
  osOnline: () => boolean;
  probe: (integrationId: string) => Promise<unknown>;
  emit: Emit;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
}): NetworkWatch {
  const health = new Map<string, Health>();
  const listeners = new Set<(integrationId: string, state: DownState | null) => void>();
  let os = deps.osOnline();
  let lastSignature = signature();
  let probing = false;

  const iso = (ms: number) => new Date(ms).toISOString();
  const downIds = () => [...health].filter(([, h]) => h.down).map(([id]) => id);
  const online = () => os && downIds().length === 0;

  function status(): NetworkStatus {
    const platforms: PlatformHealth[] = [];
    for (const [integrationId, h] of health) {
      if (!h.down) continue;
      platforms.push({ integrationId, state: h.down.state, since: iso(h.down.since), ...(h.lastAnswerAt !== undefined ? { lastAnswerAt: iso(h.lastAnswerAt) } : {}) });
    }
    return { online: online(), osOnline: os, checkedAt: iso(deps.clock.now()), platforms };
  }

  /** What the office is shown: online or not, and which platform is down how. Pushed only when it changes. */
  function signature(): string {
    const down = [...health].filter(([, h]) => h.down).map(([id, h]) => `${id}:${h.down!.state}`);
    return `${os && down.length === 0}|${os}|${down.sort().join(',')}`;
  }

  function publish() {
    const next = signature();
    if (next === lastSignature) return;
    lastSignature = next;
    const s = status();
    deps.logger.info(s.online ? 'network: online' : 'network: offline', { osOnline: os, platformsDown: s.platforms?.map((p) => p.state) });
    deps.emit('network.status', s);
  }

  function tell(integrationId: string, state: DownState | null) {
    for (const l of listeners) l(integrationId, state);
  }

  const timer = setInterval(async () => {
    os = deps.osOnline();
    if (os && downIds().length > 0 && !probing) {
      probing = true;
      for (const id of downIds()) {
        // The probe goes through the watched platform, so its answer (or silence) reports itself.
        await deps.probe(id).catch(() => {});
      }
      probing = false;
    }
    publish();
  }, deps.intervalMs ?? 3000);
  timer.unref?.();

  return {
    online,
    status,
    downState: (id) => health.get(id)?.down?.state ?? null,
    report(integrationId, outcome, startedAt) {
      const now = deps.clock.now();
      let h = health.get(integrationId);
      if (!h) health.set(integrationId, (h = {}));
      const was = h.down?.state ?? null;
      if (outcome !== 'timeout' && outcome !== 'unreachable') h.lastAnswerAt = now;
      if (outcome === 'reached') {
        h.lastGoodAt = now;
        h.down = undefined;
      } else if (startedAt === undefined || h.lastGoodAt === undefined || h.lastGoodAt < startedAt) {
        // nothing answered well since this attempt was sent: the platform itself is not answering
        h.down = { state: DOWN_BY_REACH[outcome], since: h.down?.since ?? now };
      }
      const is = h.down?.state ?? null;
      if (is !== was) tell(integrationId, is);
      publish();
    },
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    forget(integrationId) {
      const was = health.get(integrationId)?.down;
      health.delete(integrationId);
      if (was) tell(integrationId, null);
      publish();
    },
    dispose: () => clearInterval(timer),
  };
}

// Codes of a whole call that say "could not reach the platform", not "the platform refused".
const REACH_BY_CODE: Record<string, Reach> = { NETWORK: 'unreachable', TIMEOUT: 'timeout', PLATFORM_UNAVAILABLE: 'unavailable' };

/**
 * Wraps every call of a platform so its outcome feeds the watch, one report per call (after the
 * client's retries). The host reports every attempt instead (integrations.ts); this stays for a
 * platform built without the client's onAttempt.
 */
export function watchPlatform(platform: Platform, integrationId: string, watch: Pick<NetworkWatch, 'report'>): Platform {
  return new Proxy(platform, {
    get(target, prop, receiver) {
      const value = Reflect.get(target, prop, receiver);
      if (typeof value !== 'function') return value;
      return async (...args: unknown[]) => {
        try {
          const out = await (value as (...a: unknown[]) => Promise<unknown>).apply(target, args);
          watch.report(integrationId, 'reached');
          return out;
        } catch (err) {
          if (err instanceof AppError) watch.report(integrationId, REACH_BY_CODE[err.code] ?? 'reached');
          throw err;
        }
      };
    },
  });
}
