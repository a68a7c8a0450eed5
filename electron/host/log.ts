/**
 * JSON-lines logger for main and the browser host. Everything passes through `redact()` first:
 * logs never hold secrets, nor CPF/CNPJ, e-mail or phone in clear (ARCHITECTURE: security baseline).
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import { isValidCnpj } from '@brazilian-utils/brazilian-utils';
import type { Logger } from './ports';

const REDACTED = '[redacted]';

// Broad on purpose: a dropped `tokenExpiresAt` costs little, a leaked AccessToken costs a lot.
const SECRET_WORD = 'secret|passw|senha|token|authori[sz]ation|api[-_]?key|cookie|credential';
const SECRET_KEY = new RegExp(SECRET_WORD, 'i');
/** Personal by name: anywhere in the key (customerEmail, telefone1, cpfCnpj) or the whole key (number: a phone's or a document's). */
const PERSONAL_KEY = /cpf|cnpj|e-?mail|phone|telefone|celular|whatsapp|^(?:document|documento|doc|fone|tel|mobile|number|numero|número|login)\d*$/i;

const keepLast = (s: string, n: number) => s.replace(/[A-Za-z0-9]/g, '*').slice(0, -n) + s.slice(-n);

/** Brazil's area codes (DDD): a bare 10-digit number is a landline only with one of them and a 2–5 after it. */
const DDD = '(?:1[1-9]|2[12478]|3[1-578]|4[1-9]|5[1345]|6[1-9]|7[134579]|8[1-9]|9[1-9])';
/** a separator inside a phone or a document: space, dot, dash */
const S = '[\\s.\\-]?';
/** the subscriber part of a phone: optional 9 (mobile), then 4 + 4 digits */
const SUBSCRIBER = `(?:9${S})?\\d{4}${S}\\d{4}`;
/** no letter, digit, `+` or `-` next to it (a UUID's groups, an ISO date, a longer number) */
const START = '(?<![\\w+\\-*])';
const END = '(?![\\w\\-])';

const PATTERNS: Array<[RegExp, (m: string, ...groups: string[]) => string]> = [
  // secrets written into text: an Authorization header, key=value, "ApiSecret":"…" (also JSON inside a JSON string)
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]+/g, (_m, scheme: string) => `${scheme} ${REDACTED}`],
  [
    new RegExp(`([\\w-]*(?:${SECRET_WORD})[\\w-]*)(\\\\?["']?\\s*[:=]\\s*)(\\\\"(?:(?!\\\\").)*\\\\"|"(?:[^"\\\\]|\\\\.)*"|'[^']*'|(?!\\[redacted\\])[^\\s&,;"'}\\]\\\\]+)`, 'gi'),
    (_m, key: string, sep: string, value: string) => `${key}${sep}${value.startsWith('\\"') ? `\\"${REDACTED}\\"` : value.startsWith('"') ? `"${REDACTED}"` : value.startsWith("'") ? `'${REDACTED}'` : REDACTED}`,
  ],
  // e-mail, also url-encoded (fulano%40x.com): keep the first letter and the domain, enough to tell two apart in support
  [/[A-Za-z0-9._%+-]+(?:@|%40)(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,}/gi, (m) => {
    const at = m.indexOf('@') >= 0 ? m.indexOf('@') : m.toLowerCase().indexOf('%40');
    const sign = m[at] === '@' ? '@' : '%40';
    return `${m[0]}***${sign}${m.slice(at + sign.length)}`;
  }],
  // CNPJ, punctuated; the 2026 alphanumeric form has letters in the first 12 positions
  [/(?<![A-Za-z0-9])[A-Za-z0-9]{2}\.?[A-Za-z0-9]{3}\.[A-Za-z0-9]{3}\/?[A-Za-z0-9]{4}-?\d{2}(?![A-Za-z0-9])/g, (m) => keepLast(m, 2)],
  [/(?<![A-Za-z0-9])\d{2}\.?\d{3}\.?\d{3}\/\d{4}-?\d{2}(?![A-Za-z0-9])/g, (m) => keepLast(m, 2)],
  // phone with the country code: +55 11 91234-5678, 55 (11) 9 1234-5678, +5511912345678
  [new RegExp(`${START}(?:\\+55${S}|55[\\s.\\-]+|55(?=\\())(?:\\(\\s*\\d{2}\\s*\\)|\\d{2})${S}${SUBSCRIBER}${END}`, 'g'), (m) => keepLast(m, 2)],
  // CPF with dots, spaces or a dash (529.982.247-25, 529 982 247 25, 529982247-25)
  [new RegExp(`(?<![\\w+*])\\d{3}${S}\\d{3}${S}\\d{3}${S}\\d{2}${END}`, 'g'), (m) => keepLast(m, 2)],
  // phone with the DDD in parentheses or apart: (11) 91234-5678, 11 3456-7890
  [new RegExp(`${START}\\(\\s*\\d{2}\\s*\\)${S}${SUBSCRIBER}${END}`, 'g'), (m) => keepLast(m, 2)],
  [new RegExp(`${START}\\d{2}[\\s.\\-]${SUBSCRIBER}${END}`, 'g'), (m) => keepLast(m, 2)],
  // phone with or without the DDD next to it, its halves apart: 91234-5678, 9 1234-5678, 3456 7890, 112000-0000
  [new RegExp(`${START}(?:\\d{2})?(?:9${S})?\\d{4}[\\s.\\-]\\d{4}${END}`, 'g'), (m) => keepLast(m, 2)],
  // bare CNPJ (14: 12 alphanumeric + 2 check digits): all digits, or with letters when its check digits hold
  [/(?<![A-Za-z0-9])(?=[A-Za-z]*\d)[A-Za-z0-9]{12}\d{2}(?![A-Za-z0-9])/g, (m) => (/^\d+$/.test(m) || isValidCnpj(m.toUpperCase(), { version: 2 }) ? keepLast(m, 2) : m)],
  // bare 12–13 digits from 55: a phone with the country code; other 13-digit numbers (ms timestamps) stay
  [new RegExp(`(?<![\\w.*\\-])55${DDD}(?:9\\d{8}|[2-5]\\d{7})(?![\\w.])`, 'g'), (m) => keepLast(m, 2)],
  // bare 11 digits: a CPF or a mobile number
  [/(?<![\w.*])\d{11}(?![\w.])/g, (m) => keepLast(m, 2)],
  // bare 9 digits from 9: a mobile without its DDD (bare 8 digits stay: nothing tells them from an id)
  [/(?<![\w.*])9\d{8}(?![\w.])/g, (m) => keepLast(m, 2)],
  // bare 10 digits: a landline when a DDD and 2–5 start it; a Unix time in seconds (17…, 6–9 next) stays
  [new RegExp(`(?<![\\w.*])${DDD}[2-5]\\d{7}(?![\\w.])`, 'g'), (m) => keepLast(m, 2)],
];

function redactString(s: string): string {
  let out = s;
  for (const [re, mask] of PATTERNS) out = out.replace(re, mask as (m: string, ...rest: unknown[]) => string);
  return out;
}

function maskPersonal(value: unknown): unknown {
  if (typeof value !== 'string' && typeof value !== 'number') return value == null ? value : REDACTED;
  const s = String(value);
  const masked = redactString(s);
  return masked !== s ? masked : s.length <= 2 ? '**' : keepLast(s, 2);
}

/** Deep copy with secrets replaced and personal data masked; safe to serialise. */
export function redact(value: unknown, depth = 0, seen: WeakSet<object> = new WeakSet()): unknown {
  if (typeof value === 'string') return redactString(value);
  if (value === null || typeof value !== 'object') return value;
  if (seen.has(value)) return '[circular]';
  if (depth > 8) return '[deep]';
  seen.add(value);
  if (value instanceof Error) {
    return { name: value.name, message: redactString(value.message), ...('code' in value ? { code: redact(value.code, depth + 1, seen) } : {}) };
  }
  if (Buffer.isBuffer(value) || value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (Array.isArray(value)) return value.map((v) => redact(v, depth + 1, seen));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (SECRET_KEY.test(k)) out[k] = v == null || v === '' ? v : REDACTED;
    else if (PERSONAL_KEY.test(k)) out[k] = maskPersonal(v);
    else out[k] = redact(v, depth + 1, seen);
  }
  return out;
}

export type LogLevel = 'info' | 'warn' | 'error';
export type LogLine = { ts: string; level: LogLevel; msg: string } & Record<string, unknown>;

export type LoggerOptions = {
  /** JSON-lines file; rotated once to `<file>.1` past maxBytes. */
  file?: string;
  /** Also write each line to the console (stderr for warn/error). */
  console?: boolean;
  maxBytes?: number;
  now?: () => Date;
};

export function createLogger(opts: LoggerOptions = {}): Logger {
  const maxBytes = opts.maxBytes ?? 5 * 1024 * 1024;
  const now = opts.now ?? (() => new Date());
  if (opts.file) mkdirSync(dirname(opts.file), { recursive: true });

  function write(level: LogLevel, message: string, meta?: Record<string, unknown>) {
    const line: LogLine = { ts: now().toISOString(), level, msg: redactString(String(message)) };
    if (meta) {
      const safe = redact(meta) as Record<string, unknown>;
      for (const [k, v] of Object.entries(safe)) if (!(k in line)) line[k] = v;
    }
    let text: string;
    try {
      text = JSON.stringify(line);
    } catch {
      text = JSON.stringify({ ts: line.ts, level, msg: line.msg, meta: '[unserialisable]' });
    }
    if (opts.console) (level === 'info' ? console.log : console.error)(text);
    if (opts.file) {
      try {
        if ((statSync(opts.file, { throwIfNoEntry: false })?.size ?? 0) > maxBytes) renameSync(opts.file, `${opts.file}.1`);
        appendFileSync(opts.file, text + '\n', { mode: 0o600 });
      } catch {
        // A full disk must not take the app down with it; the console copy (if any) remains.
      }
    }
  }

  return {
    info: (m, meta) => write('info', m, meta),
    warn: (m, meta) => write('warn', m, meta),
    error: (m, meta) => write('error', m, meta),
  };
}
