import { z } from 'zod';
import { command } from './define';

export const EnvironmentInput = z.enum(['production', 'sandbox', 'custom']);

const IntegrationId = z.string().min(1).max(200);

/** What the renderer may know of a saved connection: never the secret, never more than a key hint. */
export const ConnectionDescription = z.object({
  configured: z.boolean(),
  keyHint: z.string().optional(),
  environment: EnvironmentInput.optional(),
  /** Shown to the office; for the sandbox, a sentence instead of a port that changes every start. */
  baseUrl: z.string().optional(),
  /** The stored secret could not be decrypted (keychain reset, profile copied): type it again. */
  needsSecretAgain: z.boolean().optional(),
  /** The secret lives only in this session (no secure storage on this machine). */
  sessionOnly: z.boolean().optional(),
});
export type ConnectionDescription = z.infer<typeof ConnectionDescription>;

/** Typed by the office in the wizard; sent once to main, never read back. */
export const ConnectionDraft = z.object({
  environment: EnvironmentInput,
  /** Only for 'custom'. */
  customUrl: z.string().max(2048).optional(),
  apiKey: z.string().max(512),
  apiSecret: z.string().max(512),
});
export type ConnectionDraft = z.infer<typeof ConnectionDraft>;

export const ConnectionTest = z.object({
  ispIdentifier: z.string(),
  ispName: z.string(),
  activeLicenses: z.number(),
  testedAt: z.string(),
});
export type ConnectionTest = z.infer<typeof ConnectionTest>;

export const SyncedProduct = z.object({
  code: z.string(),
  name: z.string(),
  description: z.string(),
  status: z.enum(['active', 'inactive']),
});

export const ProductsProgress = z.object({ integrationId: z.string(), fetched: z.number(), total: z.number() });

export const integrationCommands = {
  'connection.describe': command('O que a interface pode saber da conexão salva', z.object({ integrationId: IntegrationId }).strict(), ConnectionDescription),
  'connection.save': command(
    'Salva URL + ApiKey + ApiSecret juntos no cofre do processo principal',
    z.object({ integrationId: IntegrationId, draft: ConnectionDraft }).strict(),
    ConnectionDescription,
  ),
  'connection.test': command(
    'Testar conexão: com a conexão salva, ou com um rascunho ainda não salvo',
    z.union([z.object({ integrationId: IntegrationId }).strict(), z.object({ draft: ConnectionDraft }).strict()]),
    ConnectionTest,
  ),
  'connection.delete': command('Apaga a conexão do cofre', z.object({ integrationId: IntegrationId }).strict(), z.object({ deleted: z.boolean() })),
  'products.fetch': command(
    'Produtos › Sincronizar: todos os produtos ativos na plataforma (S4)',
    z.object({ integrationId: IntegrationId }).strict(),
    z.object({ products: z.array(SyncedProduct), fetchedAt: z.string(), pages: z.number() }),
  ),
  'sandbox.info': command(
    'Sandbox embutido: credenciais de demonstração e endereço (para testes)',
    z.object({}).strict(),
    z.object({ apiKey: z.string(), apiSecret: z.string(), url: z.string().nullable() }),
  ),
};

export const integrationEvents = {
  'products.progress': ProductsProgress,
};
