import { create } from 'zustand';
import type { AppInfo } from '../../shared/contract';
import { call, subscribe } from '../bridge';

type AppStatusState = {
  info: AppInfo | null;
  online: boolean;
  /** The host did not answer app.info: shown instead of a blank bar. */
  hostError: string | null;
  start(): () => void;
};

/** UI state only: what the status bar shows. */
export const useAppStatus = create<AppStatusState>((set) => ({
  info: null,
  online: true,
  hostError: null,
  start() {
    let alive = true;
    void call('app.info', {}).then((r) => {
      if (!alive) return;
      if (r.ok) set({ info: r.data, online: r.data.online, hostError: null });
      else set({ hostError: r.message });
    });
    const off = subscribe('network.status', (s) => set({ online: s.online }));
    return () => {
      alive = false;
      off();
    };
  },
}));
