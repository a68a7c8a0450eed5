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

const noSession: Failure = {
  ok: false,
  code: 'SESSION',
  message: 'Sessão não reconhecida: abra o SVA Desk pelo endereço impresso no terminal (ele traz o token de sessão).',
  retryable: false,
};

export const SESSION_KEY = 'sva-desk.session';

/**
 * The browser host hands the session token in the URL's fragment (`/#token=…`, optionally
 * `&/rota`): no browser sends a fragment to a server. It moves here to sessionStorage — scoped to
 * this origin and port, and kept across a reload of the same tab — and leaves the address bar.
 * Runs when this module loads, before the router reads the hash, and on every hash change.
 */
export function adoptSessionToken(): void {
  if (typeof location === 'undefined' || typeof sessionStorage === 'undefined') return;
  const m = /^#token=([^&]*)(?:&(.*))?$/.exec(location.hash);
  if (!m) return;
  sessionStorage.setItem(SESSION_KEY, decodeURIComponent(m[1]!));
  history.replaceState(history.state, '', `${location.pathname}${location.search}#${m[2] ?? '/'}`);
}
adoptSessionToken();
// The printed address pasted into a tab already open on the app changes only the hash: no reload.
// Registered before the router's listener, so the router reads the cleaned hash.
if (typeof addEventListener === 'function' && typeof location !== 'undefined') addEventListener('hashchange', adoptSessionToken);

function sessionToken(): string | null {
  return typeof sessionStorage === 'undefined' ? null : sessionStorage.getItem(SESSION_KEY);
}

function authHeaders(): Record<string, string> {
  const token = sessionToken();
  return token ? { Authorization: `Bearer ${token}` } : {};
}

/** Splits a text/event-stream into its events; `feed` takes text as it arrives. */
export function sseParser(onEvent: (event: string, data: string) => void) {
  let buffer = '';
  return (text: string) => {
    buffer += text.replace(/\r\n?/g, '\n');
    let end: number;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, end);
      buffer = buffer.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of block.split('\n')) {
        if (line.startsWith(':')) continue;
        const colon = line.indexOf(':');
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
        if (field === 'event') event = value;
        else if (field === 'data') data.push(value);
      }
      if (data.length) onEvent(event, data.join('\n'));
    }
  };
}

/**
 * The browser host's transport: one POST per command, server-sent events for pushes, both with
 * the session token as `Authorization: Bearer`. The events come through a fetch stream (EventSource
 * cannot send a header); it reconnects by itself when the host restarts or the network blinks.
 */
export function createHttpApi(base = ''): DesktopApi {
  const commands = Object.fromEntries(
    commandNames.map((name) => [
      name,
      async (input: unknown) => {
        try {
          const res = await fetch(`${base}/api/${encodeURIComponent(name)}`, {
            method: 'POST',
            credentials: 'omit',
            headers: { 'Content-Type': 'application/json', ...authHeaders() },
            body: JSON.stringify(input ?? {}),
          });
          if (res.status === 403) return noSession;
          if (res.status === 413 || res.status === 400) return (await res.json().catch(() => offline)) as Failure;
          if (!res.ok) return offline;
          return await res.json();
        } catch {
          return offline;
        }
      },
    ]),
  ) as unknown as CommandFunctions;

  const listeners = new Map<EventName, Set<(payload: never) => void>>();
  let streaming = false;

  async function stream() {
    let wait = 1000;
    for (;;) {
      try {
        const res = await fetch(`${base}/api/events`, { credentials: 'omit', headers: authHeaders(), cache: 'no-store' });
        if (res.status === 403) return; // no session in this tab: the commands say so
        if (res.ok && res.body) {
          wait = 1000;
          const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
          const feed = sseParser((event, data) => {
            const set = listeners.get(event as EventName);
            if (!set) return;
            const payload = JSON.parse(data) as never;
            for (const l of set) l(payload);
          });
          for (;;) {
            const { done, value } = await reader.read();
            if (done) break;
            feed(value);
          }
        }
      } catch {
        // the host stopped or restarts: try again below
      }
      await new Promise((r) => setTimeout(r, wait));
      wait = Math.min(wait * 2, 10_000);
    }
  }

  function ensureStream() {
    if (streaming || typeof fetch === 'undefined' || typeof TextDecoderStream === 'undefined') return;
    streaming = true;
    void stream();
  }

  return {
    commands,
    on(event, listener) {
      if (!eventNames.includes(event)) throw new Error(`Evento desconhecido: ${event}`);
      ensureStream();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (payload: never) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (payload: never) => void);
    },
  };
}
