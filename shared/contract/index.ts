/**
 * The one API between renderer and main. Each feature declares its commands and events in its own
 * file; this registry joins them. Both transports (Electron IPC and the browser host's HTTP) are
 * generated from it, so a command exists once.
 */
import type { z } from 'zod';
import { appCommands, appEvents } from './app';
import { catalogueCommands } from './catalogue';
import { dataEvents } from './data';
import { planCommands } from './plans';
import { syncCommands, syncEvents } from './sync';
import { driftCommands } from './drift';
import { customerCommands } from './customers';
import { linkStateCommands } from './link-states';
import { painelCommands } from './painel';
import { importCommands, importEvents } from './import';
import { bulkCommands, bulkEvents } from './bulk';
import { chargingCommands } from './charging';
import { integrationCommands, integrationEvents } from './integrations';
import { platformCheckCommands, platformCheckEvents } from './platform-check';
import { runEvents } from './runs';
import { workspaceCommands, workspaceEvents } from './workspace';
import { databaseCommands, databaseEvents } from './database';
import type { CommandSpec } from './define';

export const commands = {
  ...appCommands,
  ...integrationCommands,
  ...platformCheckCommands,
  ...planCommands,
  ...syncCommands,
  ...driftCommands,
  ...catalogueCommands,
  ...workspaceCommands,
  ...customerCommands,
  ...linkStateCommands,
  ...painelCommands,
  ...importCommands,
  ...bulkCommands,
  ...databaseCommands,
  ...chargingCommands,
} satisfies Record<string, CommandSpec>;

export const events = {
  ...appEvents,
  ...integrationEvents,
  ...platformCheckEvents,
  ...runEvents,
  ...dataEvents,
  ...syncEvents,
  ...workspaceEvents,
  ...importEvents,
  ...bulkEvents,
  ...databaseEvents,
} satisfies Record<string, z.ZodType>;

export type Commands = typeof commands;
export type CommandName = keyof Commands;
export type CommandInput<N extends CommandName> = z.input<Commands[N]['input']>;
export type ParsedInput<N extends CommandName> = z.output<Commands[N]['input']>;
export type CommandOutput<N extends CommandName> = z.output<Commands[N]['output']>;
export type EventName = keyof typeof events;
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>;

export const commandNames = Object.keys(commands) as CommandName[];
export const eventNames = Object.keys(events) as EventName[];

export function isCommandName(name: unknown): name is CommandName {
  return typeof name === 'string' && Object.hasOwn(commands, name);
}
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && Object.hasOwn(events, name);
}

export * from './result';
export * from './app';
export * from './api';
export * from './integrations';
export * from './platform-check';
export * from './runs';
export * from './data';
export * from './plans';
export * from './sync';
export * from './link-states';
export * from './painel';
export * from './drift';
export * from './catalogue';
export * from './workspace';
export * from './database';
export * from './customers';
export * from './import';
export * from './bulk';
export * from './charging';
