import { z } from 'zod';
import { command } from './define';

export const SecureStorageState = z.enum(['available', 'basic_text', 'unavailable', 'development']);
export type SecureStorageState = z.infer<typeof SecureStorageState>;

/**
 * How one integration's platform answers, as main last saw it (electron/host/network.ts):
 * - not_answering: connections are accepted but no answer came within the timeout (a hung server);
 * - unreachable: no connection at all (refused, reset, no route, DNS);
 * - unavailable: it answers, but with 5xx.
 * Only platforms in one of these states are listed; an answering one is simply absent.
 */
export const PlatformHealth = z.object({
  integrationId: z.string(),
  state: z.enum(['not_answering', 'unreachable', 'unavailable']),
  /** When it stopped answering well (ISO 8601). */
  since: z.string(),
  /** The last HTTP answer of any kind in this session; absent when none came. */
  lastAnswerAt: z.string().optional(),
});
export type PlatformHealth = z.infer<typeof PlatformHealth>;

/** `online` = the operating system says so AND every platform in use answers. */
export const NetworkStatus = z.object({
  online: z.boolean(),
  checkedAt: z.string(),
  /** The operating system's own view; absent from older hosts. */
  osOnline: z.boolean().optional(),
  platforms: z.array(PlatformHealth).optional(),
});
export type NetworkStatus = z.infer<typeof NetworkStatus>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  /** 'electron' in the desktop shell, 'web' in the browser host. */
  host: z.enum(['electron', 'web']),
  secureStorage: SecureStorageState,
  /** the vault file was damaged (kept aside) or is a newer version's: what happened and what to do */
  vaultNotice: z.string().optional(),
  online: z.boolean(),
  /** The same as the last network.status push, for a window that opens (or reloads) meanwhile. */
  network: NetworkStatus.optional(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appCommands = {
  'app.info': command('Versão, plataforma, estado do armazenamento seguro e da rede', z.object({}).strict(), AppInfo),
  'app.openExternal': command('Abre um link http(s) no navegador do sistema', z.object({ url: z.string().max(2048) }).strict(), z.object({ opened: z.boolean() })),
};

export const appEvents = {
  'network.status': NetworkStatus,
};
