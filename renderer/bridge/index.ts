/**
 * The renderer's only door to main. The transport is chosen once, here: the preload's `window.api`
 * in Electron, HTTP to the browser host otherwise. Nothing else in the renderer knows which.
 */
import type { CommandInput, CommandName, CommandOutput, DesktopApi, EventName, EventPayload, Result } from '../../shared/contract';
import { createHttpApi } from './http';

declare global {
  interface Window {
    api?: DesktopApi;
  }
}

let api: DesktopApi | undefined;

function current(): DesktopApi {
  api ??= typeof window !== 'undefined' && window.api ? window.api : createHttpApi();
  return api;
}

/** Test seam: component tests install an in-process API. */
export function setBridge(next: DesktopApi | undefined) {
  api = next;
}

export function call<N extends CommandName>(name: N, input: CommandInput<N>): Promise<Result<CommandOutput<N>>> {
  return current().commands[name](input);
}

export function subscribe<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
  return current().on(event, listener);
}
