/**
 * Configurações › Banco de dados: where this desk's record lives — "Este computador" (the embedded
 * file) or "Servidor do escritório (PostgreSQL)", shared by the office's desks. The password goes
 * to the desk's vault and never comes back through here.
 */
import { z } from 'zod';
import { command } from './define';

const required = (what: string, max: number) => z.string().trim().min(1, `Informe ${what}.`).max(max, `No máximo ${max} caracteres.`);

export const DatabaseServer = z
  .object({
    host: required('o endereço do servidor (nome ou IP)', 255).regex(/^[A-Za-z0-9.:_-]+$/, 'Endereço inválido: use o nome ou o IP do servidor, sem "postgres://" nem barras.'),
    port: z.number({ error: 'Informe a porta (normalmente 5432).' }).int('A porta é um número inteiro.').min(1, 'Porta entre 1 e 65535.').max(65535, 'Porta entre 1 e 65535.'),
    database: required('o nome do banco de dados', 63),
    user: required('o usuário do banco', 63),
    tls: z.boolean(),
  })
  .strict();
export type DatabaseServer = z.infer<typeof DatabaseServer>;

/** What the form sends: the server and, when typed, its password (blank = keep the one saved). */
export const DatabaseDraft = DatabaseServer.extend({ password: z.string().max(500).optional() }).strict();
export type DatabaseDraft = z.infer<typeof DatabaseDraft>;

/** The other desks of the office, as the server last heard from them. */
export const OfficeDesk = z.object({
  id: z.string(),
  clerk: z.string().nullable(),
  /** holds the Campsoft credentials of every active integration: it can transmit */
  canTransmit: z.boolean(),
  lastSeenAt: z.string(),
  thisDesk: z.boolean(),
});
export type OfficeDesk = z.infer<typeof OfficeDesk>;

export const DatabaseStatus = z.object({
  engine: z.enum(['sqlite', 'postgres']),
  /** the server this desk uses (engine postgres) or last tested */
  server: DatabaseServer.nullable(),
  passwordSaved: z.boolean(),
  /** the server answers (always true for the embedded file) */
  reachable: z.boolean(),
  /** the last answer from the server (ISO), null before the first */
  lastAnswerAt: z.string().nullable(),
  /** since when it does not answer (ISO) */
  unavailableSince: z.string().nullable(),
  desks: z.array(OfficeDesk),
  /** why this desk is not on the store it chose, and what to do */
  notice: z.string().optional(),
});
export type DatabaseStatus = z.infer<typeof DatabaseStatus>;

/** What "Testar conexão" found on the server. */
export const DatabaseProbe = z.object({
  serverVersion: z.string(),
  /** empty: no SVA Desk tables; current: this version's schema; older: will be upgraded; newer: written by a newer SVA Desk */
  schema: z.enum(['empty', 'current', 'older', 'newer']),
  /** the customers already on the server (schema current or older) */
  customers: z.number().int().nullable(),
  message: z.string(),
});
export type DatabaseProbe = z.infer<typeof DatabaseProbe>;

export const DatabaseUse = z.discriminatedUnion('target', [
  z.object({ target: z.literal('embedded') }).strict(),
  /** `move`: copy this desk's embedded record into the (empty) server first, counted and checked */
  z.object({ target: z.literal('server'), draft: DatabaseDraft, move: z.boolean() }).strict(),
]);
export type DatabaseUse = z.infer<typeof DatabaseUse>;

export const databaseCommands = {
  'database.status': command('Onde ficam os dados desta mesa e se o servidor do escritório responde', z.object({}).strict(), DatabaseStatus),
  'database.test': command('Testa a conexão com o servidor do escritório (PostgreSQL)', DatabaseDraft, DatabaseProbe),
  'database.use': command('Passa a usar este computador ou o servidor do escritório; o SVA Desk reabre os dados', DatabaseUse, z.object({ summary: z.string() })),
};

export const databaseEvents = {
  'database.status': DatabaseStatus,
};
