/**
 * JSON-lines logger for main and the browser host. Everything passes through `redact()` first:
 * logs never hold secrets, nor CPF/CNPJ, e-mail or phone in clear (ARCHITECTURE: security baseline).
 */
import { appendFileSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Logger } from './ports';

const REDACTED = '[redacted]';

// Broad on purpose: a dropped `tokenExpiresAt` costs little, a leaked AccessToken costs a lot.
const SECRET_KEY = /secret|passw|senha|token|authori[sz]ation|api[-_]?key|cookie|credential/i;
const PERSONAL_KEY = /^(cpf|cnpj|cpf_?cnpj|document|documento|email|e-mail|phone|telefone|celular|mobile|whatsapp)$/i;

const keepLast = (s: string, n: number) => s.replace(/[A-Za-z0-9]/g, '*').slice(0, -n) + s.slice(-n);

const PATTERNS: Array<[RegExp, (m: string) => string]> = [
  // e-mail: keep the first letter and the domain, enough to tell two apart in support
  [/[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}/g, (m) => `${m[0]}***@${m.slice(m.indexOf('@') + 1)}`],
  // CNPJ, punctuated; the 2026 alphanumeric form has letters in the first 12 positions
  [/(?<![A-Za-z0-9])[A-Za-z0-9]{2}\.[A-Za-z0-9]{3}\.[A-Za-z0-9]{3}\/[A-Za-z0-9]{4}-\d{2}(?![A-Za-z0-9])/g, (m) => keepLast(m, 2)],
  // CPF, punctuated
  [/(?<!\d)\d{3}\.\d{3}\.\d{3}-\d{2}(?!\d)/g, (m) => keepLast(m, 2)],
  // phone: +55, (DD) or "DD " prefix, optional 9, 4+4 digits
  [/(?<![\w+])(?:\+?55[\s-]?)?(?:\(\d{2}\)\s?|\d{2}[\s-])9?\d{4}[\s-]?\d{4}(?!\d)/g, (m) => keepLast(m, 2)],
  [/\+55\d{10,11}(?!\d)/g, (m) => keepLast(m, 2)],
  // bare CNPJ (14: 12 alphanumeric + 2 check digits), only when it has a digit, so plain words survive
  [/(?<![A-Za-z0-9])(?=[A-Za-z]*\d)[A-Za-z0-9]{12}\d{2}(?![A-Za-z0-9])/g, (m) => keepLast(m, 2)],
  // bare 11 digits: a CPF or a mobile number; 10- and 13-digit Unix times are left alone
  [/(?<![\d.])\d{11}(?![\d.])/g, (m) => keepLast(m, 2)],
];

function redactString(s: string): string {
  let out = s;
  for (const [re, mask] of PATTERNS) out = out.replace(re, mask);
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
