import type { z } from 'zod';

export type CommandSpec<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> = {
  input: I;
  output: O;
  /** One line for docs and logs. */
  summary: string;
};

export function command<I extends z.ZodType, O extends z.ZodType>(summary: string, input: I, output: O): CommandSpec<I, O> {
  return { input, output, summary };
}
