/** Every answer that crosses the bridge is data: a handler never throws across the wire. */
export type Failure = {
  ok: false;
  /** Stable machine code, e.g. VALIDATION, UNAUTHORIZED, NETWORK, INTERNAL. */
  code: string;
  /** Portuguese, says what to do next. */
  message: string;
  retryable: boolean;
  /** Field → message, for forms. */
  fields?: Record<string, string>;
  /** Campsoft's error_id when the platform answered with its envelope. */
  platformErrorId?: string;
  httpStatus?: number;
};
export type Success<T> = { ok: true; data: T };
export type Result<T> = Success<T> | Failure;

/** Thrown inside the host; the one wrapper of each transport turns it into a Failure. */
export class AppError extends Error {
  readonly code: string;
  readonly retryable: boolean;
  readonly fields?: Record<string, string>;
  readonly platformErrorId?: string;
  readonly httpStatus?: number;

  constructor(
    code: string,
    message: string,
    opts: { retryable?: boolean; fields?: Record<string, string>; platformErrorId?: string; httpStatus?: number; cause?: unknown } = {},
  ) {
    super(message, { cause: opts.cause });
    this.name = 'AppError';
    this.code = code;
    this.retryable = opts.retryable ?? false;
    this.fields = opts.fields;
    this.platformErrorId = opts.platformErrorId;
    this.httpStatus = opts.httpStatus;
  }
}

export function toFailure(err: unknown): Failure {
  if (err instanceof AppError) {
    const f: Failure = { ok: false, code: err.code, message: err.message, retryable: err.retryable };
    if (err.fields) f.fields = err.fields;
    if (err.platformErrorId) f.platformErrorId = err.platformErrorId;
    if (err.httpStatus) f.httpStatus = err.httpStatus;
    return f;
  }
  // Unknown errors never leak their text: it may hold a URL with a token or personal data.
  return { ok: false, code: 'INTERNAL', message: 'Erro interno inesperado. Tente novamente; se persistir, contate o suporte.', retryable: false };
}
