import { z } from 'zod';
import { AppError } from '../../../shared/contract/result';
import { CAMPSOFT_PRODUCTION_BASE_URL } from './endpoints';
import type { ErrorEnvelope } from './wire';

/** Turning whatever went wrong into an AppError with a pt-BR message that says what to do next. */

const SUPPORT = 'Se persistir, contate o suporte da Campsoft.';

export function insecureUrlError(reason: string): AppError {
  return new AppError('INSECURE_URL', `${reason} Use o endereço https:// informado pela Campsoft (http:// só é aceito para o sandbox local).`);
}

export function canceledError(cause?: unknown): AppError {
  return new AppError('CANCELED', 'Operação cancelada.', { cause });
}

export function badCredentialsError(httpStatus: number, envelope: ErrorEnvelope | undefined): AppError {
  return new AppError('UNAUTHORIZED', 'A Campsoft recusou a ApiKey/ApiSecret. Confira as credenciais recebidas da Campsoft e digite-as novamente.', {
    httpStatus,
    platformErrorId: envelope?.error_id,
  });
}

/** What to do when a server answers but not as the contract says: the address first, then Campsoft. */
const CHECK_ADDRESS = 'Confira o endereço da API na integração; se estiver certo, contate o suporte da Campsoft.';

/**
 * An answer that lacks a field the office needs, or has it in another shape: names the call and the
 * first field that is off, and says the server does not follow the contract.
 */
export function shapeError(issues: readonly z.core.$ZodIssue[], httpStatus: number, call: string): AppError {
  return new AppError('BAD_RESPONSE', `O servidor não segue o contrato da API Campsoft: ${describeIssue(issues[0])} na resposta de ${call}. ${CHECK_ADDRESS}`, {
    httpStatus,
  });
}

function describeIssue(issue: z.core.$ZodIssue | undefined): string {
  if (!issue) return 'formato inesperado';
  const field = formatPath(issue.path);
  // `input` is there because the answer was parsed with reportInput: undefined means absent.
  if (!field) return issue.input === undefined ? 'conteúdo vazio' : 'formato inesperado';
  if (issue.input === undefined) return `falta o campo ${field}`;
  const expected = expectedOf(issue);
  const hint = expected ? ` (esperado: ${expected})` : '';
  if (issue.input === null) return `o campo ${field} veio nulo${hint}`;
  if (issue.code === 'too_small' && issue.origin === 'string') return `o campo ${field} veio vazio`;
  return `o campo ${field} veio com valor inesperado${hint}`;
}

function expectedOf(issue: z.core.$ZodIssue): string | undefined {
  if (issue.code === 'invalid_type') return TYPE_NAMES[issue.expected] ?? issue.expected;
  if (issue.code === 'invalid_value') return listOf(issue.values.map(String));
  return undefined;
}

const TYPE_NAMES: Record<string, string> = { string: 'texto', number: 'número', int: 'número inteiro', boolean: 'verdadeiro ou falso', array: 'lista', object: 'objeto' };

function listOf(values: string[]): string {
  return values.length <= 1 ? (values[0] ?? '') : `${values.slice(0, -1).join(', ')} ou ${values.at(-1)}`;
}

export function formatPath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : `${out ? '.' : ''}${String(part)}`;
  return out;
}

/**
 * A 404 that says the path is unknown (no error envelope, an HTML or plain-text page, or a call
 * whose path names no record): the base URL is wrong, not a record missing.
 */
export function unknownRouteError(baseUrl: string, call: string): AppError {
  return new AppError(
    'UNKNOWN_ROUTE',
    `O servidor em ${baseUrl} não conhece a rota ${call} da API Campsoft (HTTP 404): o endereço parece errado. Confira o endereço da API na integração (o de produção é ${CAMPSOFT_PRODUCTION_BASE_URL}); se estiver certo, contate o suporte da Campsoft.`,
    { httpStatus: 404 },
  );
}

export function htmlAnswerError(httpStatus: number): AppError {
  return new AppError(
    'BAD_RESPONSE',
    'O servidor respondeu algo que não é a API da Campsoft (HTML). Confira o endereço da API na integração; se estiver certo, a Campsoft pode estar em manutenção.',
    { httpStatus },
  );
}

export function notJsonError(httpStatus: number): AppError {
  return new AppError('BAD_RESPONSE', `Resposta inesperada da Campsoft: o conteúdo não é JSON. Confira o endereço da API. ${SUPPORT}`, { httpStatus });
}

export function tooLargeError(cause: unknown): AppError {
  return new AppError('BAD_RESPONSE', `A resposta da Campsoft é grande demais e foi recusada. Confira o endereço da API. ${SUPPORT}`, { cause });
}

/** A non-2xx answer of the API (the envelope when present). */
export function httpError(httpStatus: number, envelope: ErrorEnvelope | undefined, retryAfterSeconds?: number): AppError {
  const platformErrorId = envelope?.error_id;
  const said = envelope?.message?.trim();
  const opts = { httpStatus, platformErrorId };
  if (httpStatus === 400 || httpStatus === 422) {
    return new AppError('VALIDATION', `A Campsoft recusou os dados${said ? `: ${said}` : '.'} Corrija os campos indicados e transmita novamente.`, {
      ...opts,
      fields: envelope?.fields,
    });
  }
  if (httpStatus === 401) {
    return new AppError('UNAUTHORIZED', 'A Campsoft recusou o acesso mesmo após renovar o token. Confira a ApiKey/ApiSecret da integração e digite-as novamente.', opts);
  }
  if (httpStatus === 403) {
    return new AppError('FORBIDDEN', `A Campsoft informou que este produto não está contratado pelo provedor${said ? ` (${said})` : ''}. Confira o contrato com a Campsoft ou escolha outro produto no pacote.`, opts);
  }
  if (httpStatus === 404) {
    return new AppError('NOT_FOUND', `A Campsoft não encontrou o registro${said ? ` (${said})` : ''}. Sincronize os produtos ou transmita o assinante novamente.`, opts);
  }
  if (httpStatus === 409) {
    return new AppError('CONFLICT', `${said ?? 'Conflito na Campsoft.'} Confira se o CPF/CNPJ ou o login do cliente não estão em uso em outro contrato.`, opts);
  }
  if (httpStatus === 429) {
    const wait = retryAfterSeconds ? ` (a Campsoft pediu ${retryAfterSeconds} s)` : '';
    return new AppError('RATE_LIMITED', `A Campsoft limitou o número de requisições${wait}. Aguarde alguns instantes e tente de novo.`, { ...opts, retryable: true });
  }
  if (httpStatus >= 500) {
    return new AppError('PLATFORM_UNAVAILABLE', `A Campsoft está indisponível no momento (HTTP ${httpStatus}). Tente novamente em alguns minutos.`, { ...opts, retryable: true });
  }
  return new AppError('BAD_RESPONSE', `A Campsoft respondeu HTTP ${httpStatus}, o que não era esperado. Confira o endereço da API. ${SUPPORT}`, opts);
}

const TLS_CODES = new Set([
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'EPROTO',
  'ERR_SSL_WRONG_VERSION_NUMBER',
]);
const TIMEOUT_CODES = new Set(['ETIMEDOUT', 'ECONNABORTED', 'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT']);

/** Codes along the `cause` chain: fetch wraps the socket's error one or two levels down. */
export function errorCodes(err: unknown): string[] {
  const codes: string[] = [];
  let cur: unknown = err;
  for (let depth = 0; cur && depth < 6; depth++) {
    const c = (cur as { code?: unknown }).code;
    if (typeof c === 'string') codes.push(c);
    const errors = (cur as { errors?: unknown }).errors;
    if (Array.isArray(errors)) for (const e of errors) codes.push(...errorCodes(e));
    cur = (cur as { cause?: unknown }).cause;
  }
  return codes;
}

/** A request that got no HTTP answer: timeout, refused, reset, TLS, too large, cancelled. */
export function transportError(err: unknown, host: string, timeoutMs: number): AppError {
  const codes = errorCodes(err);
  const message = err instanceof Error ? err.message : '';
  if (codes.includes('ERR_CANCELED')) return canceledError(err);
  if (/maxContentLength/.test(message)) return tooLargeError(err);
  const tls = codes.find((c) => TLS_CODES.has(c) || c.startsWith('ERR_TLS') || c.startsWith('ERR_SSL'));
  if (tls) {
    return new AppError(
      'TLS',
      `O certificado de segurança de ${host} não é confiável (${tls}). Confira o endereço da API e a data e hora do computador; se a rede usa proxy com inspeção, peça à TI para instalar o certificado.`,
      { cause: err },
    );
  }
  if (codes.some((c) => TIMEOUT_CODES.has(c)) || /timeout/i.test(message)) {
    return new AppError('TIMEOUT', `A Campsoft não respondeu em ${Math.round(timeoutMs / 1000)} s. Verifique a conexão com a internet e tente novamente.`, {
      retryable: true,
      cause: err,
    });
  }
  return new AppError('NETWORK', `Não foi possível conectar a ${host}. Verifique a conexão com a internet e o endereço.`, { retryable: true, cause: err });
}
