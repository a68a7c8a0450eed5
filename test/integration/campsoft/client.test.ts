import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../../../shared/contract/result';
import { checkBaseUrl, createCampsoftPlatform, type CampsoftPlatformOptions } from '../../../electron/host/campsoft';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET, startSandbox, type Sandbox } from '../../../electron/host/sandbox';
import { capturingLogger, closedPort, startOddServer, startUntrustedHttps } from './support';

const adapters = [
  ['Node http', undefined],
  ['fetch (as Electron net.fetch)', globalThis.fetch],
] as const;

let sandbox: Sandbox;

beforeAll(async () => {
  sandbox = await startSandbox();
});
afterAll(() => sandbox.close());
afterEach(() => sandbox.reset());

function platform(extra: Partial<CampsoftPlatformOptions> = {}) {
  return createCampsoftPlatform({
    baseUrl: sandbox.url,
    apiKey: SANDBOX_API_KEY,
    apiSecret: SANDBOX_API_SECRET,
    retryBaseDelayMs: 5,
    ...extra,
  });
}

async function failure(promise: Promise<unknown>): Promise<AppError> {
  try {
    await promise;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected the call to fail');
}

const maria = {
  name: 'Maria da Silva',
  document: { type: 'cpf' as const, number: '52998224725' },
  email: 'maria@example.com',
  phone: { ddi: '55', ddd: '11', number: '912345678', mobile: true },
  login: 'maria@example.com',
  password: '52998224725',
};

describe('authentication', () => {
  it('refreshes the token shortly before ExpiresIn (absolute Unix seconds), without meeting a 401', async () => {
    let now = Date.now();
    const p = platform({ clock: { now: () => now } });
    await p.testConnection();
    await p.listProducts();
    expect(sandbox.stats().requests['POST /authentication']).toBe(1);

    now += 3600_000 - 10_000; // the sandbox token lives 3600 s: 10 s before its end the client renews it
    await p.listProducts();
    const stats = sandbox.stats();
    expect(stats.requests['POST /authentication']).toBe(2);
    expect(stats.statuses['401']).toBeUndefined();
  });

  it('authenticates again once when the platform answers 401, and the call succeeds', async () => {
    const p = platform();
    await p.listProducts();
    sandbox.revokeTokens();
    const products = await p.listProducts();
    expect(products.length).toBeGreaterThan(0);
    expect(sandbox.stats().requests['POST /authentication']).toBe(2);
  });

  it('gives up with UNAUTHORIZED when the second attempt is also 401', async () => {
    let calls = 0;
    const odd = await startOddServer((_req, res) => {
      calls++;
      res.writeHead(401, { 'Content-Type': 'application/json' }).end(JSON.stringify({ status: 'error', error_id: 'UNAUTHORIZED', origem: 'auth', message: 'Token inválido' }));
    });
    try {
      const p = createCampsoftPlatform({ baseUrl: odd.url, apiKey: 'k', apiSecret: 's', retryBaseDelayMs: 5 });
      const err = await failure(p.listProducts());
      expect(err.code).toBe('UNAUTHORIZED');
      expect(err.retryable).toBe(false);
      expect(calls).toBe(2);
    } finally {
      await odd.close();
    }
  });

  it('refuses wrong credentials with a message that says to type them again, without retrying', async () => {
    const p = platform({ apiSecret: 'wrong-secret' });
    const err = await failure(p.testConnection());
    expect(err.code).toBe('UNAUTHORIZED');
    expect(err.httpStatus).toBe(401);
    expect(err.platformErrorId).toBe('UNAUTHORIZED');
    expect(err.message).toBe('A Campsoft recusou a ApiKey/ApiSecret. Confira as credenciais recebidas da Campsoft e digite-as novamente.');
    expect(sandbox.stats().requests['POST /authentication']).toBe(1);
  });

  it('lets concurrent callers share one authentication', async () => {
    sandbox.setKnobs({ latencyMs: 30 });
    const p = platform();
    const results = await Promise.all(Array.from({ length: 8 }, () => p.listProducts()));
    expect(results.every((r) => r.length === results[0].length)).toBe(true);
    expect(sandbox.stats().requests['POST /authentication']).toBe(1);
  });
});

describe('platform trouble', () => {
  it('waits the Retry-After the platform asks for on 429, then succeeds', async () => {
    sandbox.setKnobs({ rateLimitPerSecond: 2 });
    const p = platform();
    const started = Date.now();
    const all = await Promise.all(Array.from({ length: 4 }, () => p.listProducts()));
    expect(all.every((products) => products.length === 6)).toBe(true);
    expect(sandbox.stats().statuses['429']).toBeGreaterThan(0);
    // Retry-After: 1 is whole seconds; the waiting requests land in a later window.
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
  });

  it('ends with a retryable RATE_LIMITED when the platform keeps limiting past the attempts', async () => {
    const p = platform({ maxAttempts: 2, maxRetryAfterMs: 50 });
    await p.testConnection();
    // Deterministic: a per-second limit lets a retry through when the clock crosses a second.
    sandbox.setKnobs({ limitNext: 2 });
    const err = await failure(p.listProducts());
    expect(err.code).toBe('RATE_LIMITED');
    expect(err.retryable).toBe(true);
    expect(err.httpStatus).toBe(429);
  });

  it('retries 5xx answers and then succeeds', async () => {
    const p = platform();
    await p.testConnection();
    sandbox.setKnobs({ failNext: 2 });
    const products = await p.listProducts();
    expect(products.map((x) => x.code)).toContain('1192001');
    expect(sandbox.stats().statuses['503']).toBe(2);
  });

  it('stops after maxAttempts with a retryable PLATFORM_UNAVAILABLE', async () => {
    const p = platform({ maxAttempts: 3 });
    await p.testConnection();
    sandbox.setKnobs({ errorRate: 1 });
    const err = await failure(p.listProducts());
    expect(err).toMatchObject({ code: 'PLATFORM_UNAVAILABLE', retryable: true, httpStatus: 503 });
    expect(err.message).toContain('Tente novamente');
    expect(sandbox.stats().requests['GET /products']).toBe(3);
  });

  it.each(adapters)('gives up on a platform that does not answer within the timeout (%s)', async (_name, fetch) => {
    const p = platform({ timeoutMs: 150, maxAttempts: 2, fetch });
    await p.testConnection();
    sandbox.setKnobs({ timeoutRate: 1 });
    const started = Date.now();
    const err = await failure(p.listProducts());
    expect(err.code).toBe('TIMEOUT');
    expect(err.retryable).toBe(true);
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(sandbox.stats().requests['GET /products']).toBe(2);
  });

  it.each(adapters)('reports an unreachable host with the host name and what to check (%s)', async (_name, fetch) => {
    const port = await closedPort();
    const p = createCampsoftPlatform({ baseUrl: `http://127.0.0.1:${port}/svas/v1`, apiKey: 'k', apiSecret: 's', maxAttempts: 2, retryBaseDelayMs: 5, fetch });
    const err = await failure(p.testConnection());
    expect(err.code).toBe('NETWORK');
    expect(err.retryable).toBe(true);
    expect(err.message).toBe(`Não foi possível conectar a 127.0.0.1:${port}. Verifique a conexão com a internet e o endereço.`);
  });

  it.for(adapters)('refuses a certificate nobody trusts with a TLS error, without retrying (%s)', async ([, fetch], { skip }) => {
    const https = await startUntrustedHttps();
    if (!https) return skip('openssl is not installed: no self-signed certificate to refuse');
    try {
      const err = await failure(createCampsoftPlatform({ baseUrl: https.url, apiKey: 'k', apiSecret: 's', fetch }).testConnection());
      expect(err.code).toBe('TLS');
      expect(err.retryable).toBe(false);
      expect(err.message).toContain('certificado');
    } finally {
      await https.close();
    }
  });

  it('fails at once with a NETWORK error while the sandbox is offline, and works again after', async () => {
    const p = platform({ maxAttempts: 2 });
    await p.testConnection();
    sandbox.setKnobs({ offline: true });
    expect((await failure(p.listProducts())).code).toBe('NETWORK');
    sandbox.setKnobs({ offline: false });
    expect((await p.listProducts()).length).toBe(6);
  });
});

describe('answers that are not the API', () => {
  it('names the missing field of an unexpected shape', async () => {
    const odd = await startOddServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ data: [{ name: 'Sem código', status: 'active' }], meta: { page: 1, per_page: 100, total: 1 } }));
    });
    try {
      const err = await failure(createCampsoftPlatform({ baseUrl: odd.url, apiKey: 'k', apiSecret: 's' }).listProducts());
      expect(err.code).toBe('BAD_RESPONSE');
      expect(err.message).toBe(
        'O servidor não segue o contrato da API Campsoft: falta o campo data[0].code na resposta de GET /products. Confira o endereço da API na integração; se estiver certo, contate o suporte da Campsoft.',
      );
    } finally {
      await odd.close();
    }
  });

  it('says a numeric product code is unexpected instead of silently accepting it', async () => {
    const odd = await startOddServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ data: [{ code: 1192001, name: 'x', status: 'active' }], meta: { page: 1, per_page: 100, total: 1 } }));
    });
    try {
      const err = await failure(createCampsoftPlatform({ baseUrl: odd.url, apiKey: 'k', apiSecret: 's' }).listProducts());
      expect(err.message).toContain('o campo data[0].code veio com valor inesperado (esperado: texto)');
    } finally {
      await odd.close();
    }
  });

  it('refuses a response larger than the limit', async () => {
    const odd = await startOddServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/json' }).end(JSON.stringify({ data: [], filler: 'x'.repeat(2_000_000) }));
    });
    try {
      for (const fetch of [undefined, globalThis.fetch]) {
        const err = await failure(createCampsoftPlatform({ baseUrl: odd.url, apiKey: 'k', apiSecret: 's', maxResponseBytes: 500_000, fetch }).testConnection());
        expect(err.code).toBe('BAD_RESPONSE');
        expect(err.message).toContain('grande demais');
      }
    } finally {
      await odd.close();
    }
  });

  it.each(adapters)('explains an HTML answer over %s', async (_name, fetch) => {
    const odd = await startOddServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/html' }).end('<!doctype html><html><body>Portal do provedor</body></html>');
    });
    try {
      const err = await failure(createCampsoftPlatform({ baseUrl: odd.url, apiKey: 'k', apiSecret: 's', fetch }).testConnection());
      expect(err.code).toBe('BAD_RESPONSE');
      expect(err.message).toContain('O servidor respondeu algo que não é a API da Campsoft (HTML)');
    } finally {
      await odd.close();
    }
  });
});

describe('safety', () => {
  it('refuses an http:// address outside this computer before sending anything', () => {
    let err: unknown;
    try {
      createCampsoftPlatform({ baseUrl: 'http://api2.campsoft.com.br/svas/v1', apiKey: 'k', apiSecret: 's' });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).code).toBe('INSECURE_URL');
    expect((err as AppError).message).toContain('https://');
  });

  it.each([
    ['http://127.0.0.1:4010/svas/v1', true],
    ['http://localhost:4010/svas/v1', true],
    ['http://[::1]:4010/svas/v1', true],
    ['https://api2.campsoft.com.br/svas/v1', true],
    ['http://192.168.0.10/svas/v1', false],
    ['https://usuario:senha@api2.campsoft.com.br/svas/v1', false],
    ['ftp://api2.campsoft.com.br/svas/v1', false],
    ['api2.campsoft.com.br', false],
  ])('accepts %s as a base URL: %s', (baseUrl, accepted) => {
    expect(() => checkBaseUrl(baseUrl)).toSatisfy((fn: () => unknown) => {
      try {
        fn();
        return accepted;
      } catch (err) {
        return !accepted && err instanceof AppError && err.code === 'INSECURE_URL';
      }
    });
  });

  it('cancels a call in flight when the run is cancelled', async () => {
    const p = platform();
    await p.testConnection();
    sandbox.setKnobs({ latencyMs: 2_000 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 50);
    const err = await failure(p.listProducts(undefined, { signal: controller.signal }));
    expect(err.code).toBe('CANCELED');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('cancels while waiting to retry', async () => {
    const p = platform({ retryBaseDelayMs: 10_000, random: () => 0.99 });
    await p.testConnection();
    sandbox.setKnobs({ errorRate: 1 });
    const controller = new AbortController();
    const started = Date.now();
    setTimeout(() => controller.abort(), 100);
    const err = await failure(p.listProducts(undefined, { signal: controller.signal }));
    expect(err.code).toBe('CANCELED');
    expect(Date.now() - started).toBeLessThan(1_000);
  });

  it('never writes the secret, the token or the customer data to the logs', async () => {
    const logger = capturingLogger();
    const tokensSent: string[] = [];
    const recordingFetch: typeof fetch = async (input, init) => {
      const auth = new Headers(init?.headers ?? (input instanceof Request ? input.headers : undefined)).get('authorization');
      if (auth) tokensSent.push(auth.replace('Bearer ', ''));
      return fetch(input, init);
    };
    const p = platform({ logger, fetch: recordingFetch });
    await p.testConnection();
    await p.upsertSubscriber('contrato-log-1', maria);
    await p.grantLicence('contrato-log-1', 'campsoft-leitura-1', '1192001');
    await p.checkLogin(maria.login, maria.password);
    await failure(p.upsertSubscriber('contrato-log-2', { ...maria, email: 'nao-e-email' }));
    sandbox.revokeTokens();
    await p.getSubscriber('contrato-log-1');
    await failure(platform({ logger, apiSecret: 'outro-segredo-errado' }).testConnection());

    const text = logger.lines.join('\n');
    expect(logger.lines.length).toBeGreaterThan(5);
    expect(tokensSent.length).toBeGreaterThan(0);
    for (const secret of [SANDBOX_API_SECRET, 'outro-segredo-errado', ...tokensSent, maria.document.number, maria.email, maria.phone.number, 'Maria']) {
      expect(text).not.toContain(secret);
    }
  });
});

describe('idempotency through the client', () => {
  it('creates a subscriber and a licence once however often they are sent', async () => {
    const p = platform();
    const first = await p.upsertSubscriber('contrato-42', maria);
    const again = await p.upsertSubscriber('contrato-42', maria);
    const grant1 = await p.grantLicence('contrato-42', 'campsoft-leitura-42', '1192001');
    const grant2 = await p.grantLicence('contrato-42', 'campsoft-leitura-42', '1192001');
    expect([first.created, again.created, grant1.created, grant2.created]).toEqual([true, false, true, false]);
    const stats = sandbox.stats();
    expect(stats.subscriberCreations['contrato-42']).toBe(1);
    expect(stats.licenceCreations['contrato-42/campsoft-leitura-42']).toBe(1);
    expect((await p.testConnection()).activeLicenses).toBe(1);
  });

  it('treats cancelling a licence that is already gone as done', async () => {
    const p = platform();
    await p.upsertSubscriber('contrato-43', maria);
    await p.grantLicence('contrato-43', 'l', '1192002');
    expect(await p.cancelLicence('contrato-43', 'l')).toEqual({ alreadyGone: false });
    expect(await p.cancelLicence('contrato-43', 'l')).toEqual({ alreadyGone: true });
  });

  it('pages through every active product and reports progress', async () => {
    const big = await startSandbox({ products: 250 });
    try {
      const p = createCampsoftPlatform({ baseUrl: big.url, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET });
      const pages: number[] = [];
      const products = await p.listProducts((progress) => pages.push(progress.fetched));
      expect(products).toHaveLength(250);
      expect(new Set(products.map((x) => x.code)).size).toBe(250);
      expect(pages).toEqual([100, 200, 250]);
    } finally {
      await big.close();
    }
  });
});
