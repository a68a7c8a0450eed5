import {
  commandNames,
  eventNames,
  type CommandFunctions,
  type DesktopApi,
  type EventName,
  type Failure,
} from '../../shared/contract';

const offline: Failure = {
  ok: false,
  code: 'HOST_UNREACHABLE',
  message: 'O SVA Desk (host) não está respondendo. Verifique se ele continua aberto no terminal e recarregue a página.',
  retryable: true,
};

/**
 * The browser host's transport: one POST per command, server-sent events for pushes. The session
 * cookie set by the host authenticates both.
 */
export function createHttpApi(base = ''): DesktopApi {
  const commands = Object.fromEntries(
    commandNames.map((name) => [
      name,
      async (input: unknown) => {
        try {
          const res = await fetch(`${base}/api/${encodeURIComponent(name)}`, {
            method: 'POST',
            credentials: 'same-origin',
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(input ?? {}),
          });
          if (res.status === 403) {
            return { ok: false, code: 'SESSION', message: 'Sessão expirada: abra o SVA Desk pelo endereço impresso no terminal.', retryable: false };
          }
          if (!res.ok) return offline;
          return await res.json();
        } catch {
          return offline;
        }
      },
    ]),
  ) as unknown as CommandFunctions;

  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let source: EventSource | null = null;

  function ensureSource() {
    if (source || typeof EventSource === 'undefined') return;
    source = new EventSource(`${base}/api/events`, { withCredentials: true });
    for (const name of eventNames) {
      source.addEventListener(name, (e) => {
        const payload = JSON.parse((e as MessageEvent<string>).data) as never;
        for (const l of listeners.get(name) ?? []) l(payload);
      });
    }
  }

  return {
    commands,
    on(event, listener) {
      if (!eventNames.includes(event)) throw new Error(`Evento desconhecido: ${event}`);
      ensureSource();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}
