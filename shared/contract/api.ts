import type { CommandInput, CommandName, CommandOutput, EventName, EventPayload } from './index';
import type { Result } from './result';

/**
 * What the preload exposes as `window.api` and what renderer/bridge offers over HTTP:
 * one named function per command, and a subscription limited to the declared events.
 */
export type CommandFunctions = {
  [N in CommandName]: (input: CommandInput<N>) => Promise<Result<CommandOutput<N>>>;
};

export type EventSubscription = {
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
};

export type DesktopApi = { commands: CommandFunctions } & EventSubscription;

/** IPC channel names: one per command, one per event; nothing else is ever sent. */
export const commandChannel = (name: CommandName) => `cmd:${name}`;
export const eventChannel = (name: EventName) => `evt:${name}`;
