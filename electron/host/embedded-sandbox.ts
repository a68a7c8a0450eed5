import { SANDBOX_API_KEY, SANDBOX_API_SECRET, startSandbox, type Sandbox } from './sandbox';

/** The marker saved in the vault for "Sandbox": the real URL changes (a free port) at every start. */
export const EMBEDDED_SANDBOX_URL = 'sandbox:embedded';

/**
 * Starts the built-in Campsoft sandbox on first use, on loopback, and keeps it for the session.
 * Its admin routes (/__sandbox/*: knobs, reset, revoke-tokens) exist only when whoever started the
 * host gave an admin token (the end-to-end tests); without one — the packaged app, `npm start` —
 * they answer 404.
 */
export function createEmbeddedSandbox(options: Parameters<typeof startSandbox>[0] = {}) {
  let starting: Promise<Sandbox> | null = null;
  options = { ...options, adminToken: options.adminToken || false };
  return {
    credentials: { apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET },
    instance(): Promise<Sandbox> {
      starting ??= startSandbox({ latencyMs: 30, jitterMs: 20, ...options });
      return starting;
    },
    async urlIfRunning(): Promise<string | null> {
      return starting ? (await starting).url : null;
    },
    async close() {
      if (starting) await (await starting).close();
      starting = null;
    },
  };
}
export type EmbeddedSandbox = ReturnType<typeof createEmbeddedSandbox>;
