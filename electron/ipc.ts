import { commandChannel, commandNames, type Failure, type Result } from '../shared/contract';
import type { Dispatch } from './host/dispatch';
import type { Logger } from './host/ports';
import { isTrustedSender } from './host/security';

const forbidden: Failure = {
  ok: false,
  code: 'FORBIDDEN_SENDER',
  message: 'Pedido recusado: ele não veio da janela do SVA Desk. Feche e abra o aplicativo novamente.',
  retryable: false,
};

/** The part of IpcMainInvokeEvent the check reads; structural so tests can pass a fake. */
type SenderEvent = { senderFrame: { url: string; parent: unknown } | null };

/** The part of ipcMain used here (Electron's IpcMain satisfies it). */
export type IpcRegistry = {
  handle(channel: string, listener: (event: SenderEvent, ...args: unknown[]) => Promise<unknown>): void;
  removeHandler(channel: string): void;
};

/**
 * Registers every command of the contract on ipcMain through one wrapper:
 * sender check → dispatch (zod parse → handler → Result). Returns an unregister function.
 */
export function registerIpc(ipcMain: IpcRegistry, dispatch: Dispatch, logger?: Logger): () => void {
  const channels = commandNames.map((name) => {
    const channel = commandChannel(name);
    ipcMain.handle(channel, async (event, input): Promise<Result<unknown>> => {
      // senderFrame is null once the frame navigated away or was destroyed: nobody to trust.
      const frame = event.senderFrame;
      if (!frame || !isTrustedSender(frame.url, frame.parent === null)) {
        logger?.warn('ipc: sender refused', { command: name, url: frame?.url ?? null });
        return forbidden;
      }
      return dispatch(name, input);
    });
    return channel;
  });
  return () => {
    for (const channel of channels) ipcMain.removeHandler(channel);
  };
}
