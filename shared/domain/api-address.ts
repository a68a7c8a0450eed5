/**
 * The one rule for the address a platform's credentials are sent to (S1: the ApiSecret travels with
 * every login). Pure, so the integration wizard checks it at the field and main checks it again
 * before anything leaves the machine (electron/host/campsoft/client.ts, checkBaseUrl).
 *
 * https:// anywhere; http:// only on this computer (the sandbox, a local homologation server),
 * where nothing crosses a network; never a user or password inside the address.
 */

export type ApiAddressCheck = { ok: true; url: string } | { ok: false; reason: string };

/** What to do about any refused address; main's INSECURE_URL error ends with the same sentence. */
export const API_ADDRESS_FIX = 'Use o endereço https:// informado pela Campsoft (http:// só é aceito para o sandbox local).';

export function isLoopbackHost(hostname: string): boolean {
  const h = hostname.replace(/^\[|\]$/g, '');
  return h === 'localhost' || h === '::1' || /^127(\.\d{1,3}){3}$/.test(h);
}

/** The address normalized (no trailing slash), or why it is refused (the cause; API_ADDRESS_FIX says what to do). */
export function checkApiAddress(raw: string): ApiAddressCheck {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'Informe o endereço da API.' };
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    // "api.exemplo.com.br/svas/v1": the scheme was left out
    if (!/^[a-z][a-z0-9+.-]*:/i.test(text)) return { ok: false, reason: `O endereço da API "${text}" não começa com https://.` };
    return { ok: false, reason: `O endereço da API "${text}" não é válido.` };
  }
  if (url.username || url.password) return { ok: false, reason: 'O endereço da API não pode conter usuário ou senha.' };
  if (url.protocol !== 'https:' && url.protocol !== 'http:') {
    return { ok: false, reason: `O endereço da API precisa começar com https:// (recebido ${url.protocol}//).` };
  }
  if (url.hostname === '') return { ok: false, reason: `O endereço da API "${text}" não tem o nome do servidor.` };
  if (url.protocol === 'http:' && !isLoopbackHost(url.hostname)) {
    return { ok: false, reason: `O endereço ${url.host} usa http://, que enviaria a ApiSecret sem criptografia.` };
  }
  return { ok: true, url: url.toString().replace(/\/+$/, '') };
}

/** The whole message for a person: the cause, then what to do. Null when the address is fine. */
export function apiAddressProblem(raw: string): string | null {
  const r = checkApiAddress(raw);
  return r.ok ? null : `${r.reason} ${API_ADDRESS_FIX}`;
}
