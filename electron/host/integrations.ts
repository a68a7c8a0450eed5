/**
 * Integrations on the main side: the connection (URL + ApiKey + ApiSecret) lives in the vault and
 * is used here; the renderer names an integration by id and never sees the secret (ARCHITECTURE,
 * "Who owns what"). S1: ApiKey/ApiSecret; S4: product sync.
 */
import { AppError, type ConnectionDescription, type ConnectionDraft } from '../../shared/contract';
import { CAMPSOFT_PRODUCTION_BASE_URL, checkBaseUrl, createCampsoftPlatform, type CampsoftPlatformOptions } from './campsoft';
import { EMBEDDED_SANDBOX_URL, type EmbeddedSandbox } from './embedded-sandbox';
import type { NetworkWatch } from './network';
import type { Platform } from './platform';
import type { Clock, Emit, Logger } from './ports';
import type { Connection } from './vault';
import type { VaultPort } from './vault-port';

export type IntegrationServiceDeps = {
  vault: VaultPort;
  /** Every attempt's outcome feeds the online/offline watch. */
  watch: Pick<NetworkWatch, 'report' | 'forget'>;
  sandbox: EmbeddedSandbox;
  emit: Emit;
  logger: Logger;
  clock: Clock;
  fetch?: typeof globalThis.fetch;
  /** Per request; the client's default (15 s) when absent. */
  requestTimeoutMs?: number;
};

/** The health probe's single attempt; shorter than a request's 15 s, so recovery is seen within seconds. */
export const PROBE_TIMEOUT_MS = 5_000;

function environmentOf(baseUrl: string): ConnectionDescription['environment'] {
  if (baseUrl === EMBEDDED_SANDBOX_URL) return 'sandbox';
  if (baseUrl === CAMPSOFT_PRODUCTION_BASE_URL) return 'production';
  return 'custom';
}

/** Blank credentials and a bad URL are refused before anything is saved or sent. */
function connectionFromDraft(draft: ConnectionDraft): Connection {
  const fields: Record<string, string> = {};
  const apiKey = draft.apiKey.trim();
  const apiSecret = draft.apiSecret.trim();
  if (!apiKey) fields.apiKey = 'Informe a ApiKey (Chave da API) recebida da Campsoft.';
  if (!apiSecret) fields.apiSecret = 'Informe a ApiSecret (Senha da API) recebida da Campsoft.';
  let baseUrl = '';
  if (draft.environment === 'production') baseUrl = CAMPSOFT_PRODUCTION_BASE_URL;
  else if (draft.environment === 'sandbox') baseUrl = EMBEDDED_SANDBOX_URL;
  else if (!draft.customUrl?.trim()) fields.customUrl = 'Informe o endereço da API (https://...).';
  else {
    try {
      baseUrl = checkBaseUrl(draft.customUrl.trim());
    } catch (err) {
      fields.customUrl = err instanceof AppError ? err.message : 'Endereço da API inválido.';
    }
  }
  if (Object.keys(fields).length > 0) {
    throw new AppError('VALIDATION', 'Confira os campos destacados.', { fields });
  }
  return { baseUrl, apiKey, apiSecret };
}

export function createIntegrationService(deps: IntegrationServiceDeps) {
  const { vault, sandbox } = deps;

  function describe(integrationId: string): ConnectionDescription {
    const d = vault.describe(integrationId);
    if (!d.configured) return { configured: false, needsSecretAgain: d.needsSecretAgain };
    return {
      configured: true,
      keyHint: d.keyHint,
      environment: environmentOf(d.baseUrl),
      baseUrl: d.baseUrl === EMBEDDED_SANDBOX_URL ? 'Sandbox embutido (neste computador)' : d.baseUrl,
      sessionOnly: !vault.status().persistent,
    };
  }

  async function platformFor(connection: Connection, tuning: Pick<CampsoftPlatformOptions, 'onAttempt' | 'timeoutMs' | 'maxAttempts'> = {}): Promise<Platform> {
    const baseUrl = connection.baseUrl === EMBEDDED_SANDBOX_URL ? (await sandbox.instance()).url : connection.baseUrl;
    return createCampsoftPlatform({ ...connection, baseUrl, logger: deps.logger, fetch: deps.fetch, timeoutMs: deps.requestTimeoutMs, ...tuning });
  }

  /**
   * A saved integration's platform, watched: every attempt tells the watch whether the platform
   * answered, so a hung or unreachable platform means "offline" from its first timed-out request.
   */
  async function watchedPlatform(integrationId: string, connection: Connection, tuning: Pick<CampsoftPlatformOptions, 'timeoutMs' | 'maxAttempts'> = {}): Promise<Platform> {
    return platformFor(connection, { ...tuning, onAttempt: (a) => deps.watch.report(integrationId, a.outcome, a.startedAt) });
  }

  function savedConnection(integrationId: string): Connection {
    const connection = vault.get(integrationId);
    if (!connection) {
      const d = vault.describe(integrationId);
      throw new AppError(
        'NOT_CONFIGURED',
        d.configured === false && d.needsSecretAgain
          ? 'A ApiSecret salva não pôde ser lida neste computador (chaveiro do sistema mudou). Edite a integração e digite as credenciais novamente.'
          : 'Esta integração não tem credenciais salvas. Edite a integração e informe ApiKey e ApiSecret.',
      );
    }
    return connection;
  }

  /** The platform of a saved integration; the executor and every screen command go through here. */
  async function platformOf(integrationId: string): Promise<Platform> {
    return watchedPlatform(integrationId, savedConnection(integrationId));
  }

  return {
    platformOf,
    describe,

    async save(integrationId: string, draft: ConnectionDraft): Promise<ConnectionDescription> {
      await vault.save(integrationId, connectionFromDraft(draft));
      // a new address or new credentials: what the old ones met says nothing about these
      deps.watch.forget(integrationId);
      deps.logger.info('integration connection saved', { integrationId });
      return describe(integrationId);
    },

    async test(input: { integrationId: string } | { draft: ConnectionDraft }) {
      const platform = 'draft' in input ? await platformFor(connectionFromDraft(input.draft)) : await platformOf(input.integrationId);
      const c = await platform.testConnection();
      return { ...c, testedAt: new Date(deps.clock.now()).toISOString() };
    },

    /**
     * The watch's probe while a platform is down: one short attempt, so a hung platform is asked
     * again every few seconds instead of once per minute of retries; its answer reports itself.
     */
    async probe(integrationId: string) {
      let connection: Connection;
      try {
        connection = savedConnection(integrationId);
      } catch (err) {
        // no credentials any more: nothing to probe, and nothing to wait for
        deps.watch.forget(integrationId);
        throw err;
      }
      const timeoutMs = Math.min(PROBE_TIMEOUT_MS, deps.requestTimeoutMs ?? PROBE_TIMEOUT_MS);
      const platform = await watchedPlatform(integrationId, connection, { timeoutMs, maxAttempts: 1 });
      return platform.testConnection();
    },

    async delete(integrationId: string) {
      await vault.delete(integrationId);
      deps.watch.forget(integrationId);
      return { deleted: true };
    },

    async fetchProducts(integrationId: string) {
      const platform = await platformOf(integrationId);
      let pages = 0;
      const products = await platform.listProducts((p) => {
        pages = p.page;
        deps.emit('products.progress', { integrationId, fetched: p.fetched, total: p.total });
      });
      return { products, fetchedAt: new Date(deps.clock.now()).toISOString(), pages };
    },
  };
}
export type IntegrationService = ReturnType<typeof createIntegrationService>;
