import { create } from 'zustand';
import type { AppInfo, DatabaseStatus, NetworkStatus, PlatformHealth } from '../../shared/contract';
import { call, subscribe } from '../bridge';

type AppStatusState = {
  info: AppInfo | null;
  online: boolean;
  /** The operating system's own view (false: no network at all). */
  osOnline: boolean;
  /** Platforms that do not answer well, with since when and their last answer (main's network watch). */
  platforms: PlatformHealth[];
  /** The host did not answer app.info: shown instead of a blank bar. */
  hostError: string | null;
  /** Where this desk's record lives and whether the office's server answers (Configurações › Banco de dados). */
  database: DatabaseStatus | null;
  start(): () => void;
};

function fromNetwork(n: NetworkStatus): Pick<AppStatusState, 'online' | 'osOnline' | 'platforms'> {
  return { online: n.online, osOnline: n.osOnline ?? n.online, platforms: n.platforms ?? [] };
}

let early: ReturnType<typeof call<'app.info'>> | null = null;
/**
 * Asks for app.info before the first render (main.tsx): the first paint of the shell takes a few
 * hundred ms on a slow desk, and the version in the status bar waited for it.
 */
export function prefetchAppInfo(): void {
  early ??= call('app.info', {});
}

/** UI state only: what the status bar shows. */
export const useAppStatus = create<AppStatusState>((set) => ({
  info: null,
  online: true,
  osOnline: true,
  platforms: [],
  hostError: null,
  database: null,
  start() {
    let alive = true;
    const asking = early ?? call('app.info', {});
    early = null;
    void asking.then((r) => {
      if (!alive) return;
      if (r.ok) set({ info: r.data, ...(r.data.network ? fromNetwork(r.data.network) : { online: r.data.online, osOnline: r.data.online, platforms: [] }), hostError: null });
      else set({ hostError: r.message });
    });
    const off = subscribe('network.status', (s) => set(fromNetwork(s)));
    const offDatabase = subscribe('database.status', (database) => set({ database }));
    // a host that opens (at start, or reopened on another store) pushes its status with its first desk presence
    void call('database.status', {}).then((r) => alive && r.ok && set({ database: r.data }));
    return () => {
      alive = false;
      off();
      offDatabase();
    };
  },
}));

type Offline = Pick<AppStatusState, 'osOnline' | 'platforms'>;

/** Why nothing goes out now, as a short cause ("A Campsoft não está respondendo"). */
export function offlineCause(s: Offline): string {
  if (!s.osOnline) return 'Sem conexão com a internet';
  const p = s.platforms[0];
  if (p?.state === 'not_answering') return 'A Campsoft não está respondendo';
  if (p?.state === 'unavailable') return 'A Campsoft está com falha (erro do servidor)';
  if (p?.state === 'unreachable') return 'Não foi possível conectar à Campsoft';
  return 'Sem conexão com a plataforma';
}

/** What happens next, and what the office can do. */
export function offlineNext(s: Offline): string {
  if (!s.osOnline) return 'A transmissão recomeça sozinha quando a conexão voltar; confira o cabo ou o Wi-Fi.';
  if (s.platforms.length > 0) return 'A transmissão recomeça sozinha quando ela voltar a responder; se demorar, confira a internet do escritório ou fale com a Campsoft.';
  return 'A transmissão recomeça sozinha quando a conexão voltar.';
}
