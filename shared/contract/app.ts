import { z } from 'zod';
import { command } from './define';

export const SecureStorageState = z.enum(['available', 'basic_text', 'unavailable', 'development']);
export type SecureStorageState = z.infer<typeof SecureStorageState>;

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  /** 'electron' in the desktop shell, 'web' in the browser host. */
  host: z.enum(['electron', 'web']),
  secureStorage: SecureStorageState,
  online: z.boolean(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const NetworkStatus = z.object({ online: z.boolean(), checkedAt: z.string() });
export type NetworkStatus = z.infer<typeof NetworkStatus>;

export const appCommands = {
  'app.info': command('Versão, plataforma, estado do armazenamento seguro e da rede', z.object({}).strict(), AppInfo),
  'app.openExternal': command('Abre um link http(s) no navegador do sistema', z.object({ url: z.string().max(2048) }).strict(), z.object({ opened: z.boolean() })),
};

export const appEvents = {
  'network.status': NetworkStatus,
};
