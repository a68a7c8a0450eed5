import { AppError, commands, isCommandName, toFailure, type CommandName, type CommandOutput, type ParsedInput, type Result } from '../../shared/contract';

/** One handler per command; it receives the input already parsed by the command's schema. */
export type HandlerTable = {
  [N in CommandName]: (input: ParsedInput<N>) => Promise<CommandOutput<N>>;
};

/**
 * The one choke point both transports call: unknown command → refused, input parsed with zod
 * (an invalid payload never reaches a handler), handler run, output parsed, errors turned to data.
 */
export async function dispatch(handlers: HandlerTable, name: unknown, rawInput: unknown): Promise<Result<unknown>> {
  if (!isCommandName(name)) {
    return { ok: false, code: 'UNKNOWN_COMMAND', message: 'Comando desconhecido.', retryable: false };
  }
  const spec = commands[name];
  const parsed = spec.input.safeParse(rawInput ?? {});
  if (!parsed.success) {
    const fields: Record<string, string> = {};
    for (const issue of parsed.error.issues) fields[issue.path.join('.') || '_'] = issue.message;
    return { ok: false, code: 'INVALID_INPUT', message: 'Dados inválidos enviados ao aplicativo.', retryable: false, fields };
  }
  try {
    const handler = handlers[name] as (i: unknown) => Promise<unknown>;
    const data = await handler(parsed.data);
    const out = spec.output.safeParse(data);
    if (!out.success) throw new AppError('INTERNAL', 'Resposta interna em formato inesperado. Contate o suporte.');
    return { ok: true, data: out.data };
  } catch (err) {
    return toFailure(err);
  }
}

/** What a transport calls: a command by name, answered as data. */
export type Dispatch = (name: unknown, input: unknown) => Promise<Result<unknown>>;

/** The dispatch of a handler table in this thread. */
export function dispatcher(handlers: HandlerTable): Dispatch {
  return (name, input) => dispatch(handlers, name, input);
}
