/**
 * Online or offline, as the office experiences it: the operating system's view (Electron's
 * net.isOnline) AND the platform's last answer. A network that "works" while Campsoft is unreachable
 * is offline for transmission. While a platform is down it is probed every few seconds; when it
 * answers again the renderer is told (network.status) and starts a pass by itself.
 */
import { AppError } from '../../shared/contract';
import type { Platform } from './platform';
import type { Clock, Emit, Logger } from './ports';

// Codes that say "could not reach the platform", not "the platform refused".
const UNREACHABLE = new Set(['NETWORK', 'TIMEOUT', 'PLATFORM_UNAVAILABLE']);

export type NetworkWatch = {
  online(): boolean;
  report(integrationId: string, outcome: 'reached' | 'unreachable'): void;
  dispose(): void;
};

export function createNetworkWatch(deps: {
  osOnline: () => boolean;
  probe: (integrationId: string) => Promise<unknown>;
  emit: Emit;
  clock: Clock;
  logger: Logger;
  intervalMs?: number;
}): NetworkWatch {
  const down = new Set<string>();
  let os = deps.osOnline();
  let last = os;
  let probing = false;

  function publish() {
    const now = os && down.size === 0;
    if (now === last) return;
    last = now;
    deps.logger.info(now ? 'network: online' : 'network: offline', { platformsDown: down.size });
    deps.emit('network.status', { online: now, checkedAt: new Date(deps.clock.now()).toISOString() });
  }

  const timer = setInterval(async () => {
    os = deps.osOnline();
    if (os && down.size > 0 && !probing) {
      probing = true;
      for (const id of [...down]) {
        // The probe goes through the watched platform, so a success reports itself.
        await deps.probe(id).catch(() => {});
      }
      probing = false;
    }
    publish();
  }, deps.intervalMs ?? 3000);
  timer.unref?.();

  return {
    online: () => os && down.size === 0,
    report(integrationId, outcome) {
      if (outcome === 'reached') down.delete(integrationId);
      else down.add(integrationId);
      publish();
    },
    dispose: () => clearInterval(timer),
  };
}

/** Wraps every call of a platform so its outcome feeds the watch. */
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
          if (err instanceof AppError) watch.report(integrationId, UNREACHABLE.has(err.code) ? 'unreachable' : 'reached');
          throw err;
        }
      };
    },
  });
}
