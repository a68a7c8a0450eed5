import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createCampsoftPlatform, type CampsoftPlatformOptions } from '../../../electron/host/campsoft';
import { createExecutor } from '../../../electron/host/executor';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET, startSandbox, type Sandbox } from '../../../electron/host/sandbox';
import { AppError } from '../../../shared/contract/result';
import { newLinkPlan, subscriberOf } from '../executor/support';
import { only, startRewritingProxy, without, withExtraFields, type Exchange, type Rewrite } from './support';

/**
 * The client reads every answer as a tolerant reader (electron/host/campsoft/wire.ts): endpoint by
 * endpoint, the same call works against the strict sandbox (only what CAMPSOFT_API.md promises),
 * against an answer cut down to the fields the office reads, and against answers full of fields no
 * version of the contract has; a field it reads and does not find is an error that names it.
 * Real HTTP throughout: a rewriting proxy sits between the client and the sandbox.
 */

let strict: Sandbox;
const proxies: { close(): Promise<void> }[] = [];

beforeAll(async () => {
  // The rate limit is the reliability tests' subject, not this file's: off, so no test waits on 429.
  strict = await startSandbox({ profile: 'strict', rateLimitPerSecond: 0, products: 120 });
});
afterAll(() => strict.close());
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((p) => p.close()));
  strict.reset();
});

function platformAt(baseUrl: string, extra: Partial<CampsoftPlatformOptions> = {}) {
  return createCampsoftPlatform({ baseUrl, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET, retryBaseDelayMs: 5, maxAttempts: 2, ...extra });
}
type TestPlatform = ReturnType<typeof platformAt>;

async function through(rewrite: Rewrite): Promise<TestPlatform> {
  const proxy = await startRewritingProxy(strict.url, rewrite);
  proxies.push(proxy);
  return platformAt(proxy.url);
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
const ana = { ...maria, name: 'Ana Souza', document: { type: 'cpf' as const, number: '11144477735' }, email: 'ana@example.com', login: 'ana@example.com', password: '11144477735' };

type Case = {
  /** The call, as CAMPSOFT_API.md names it. */
  call: string;
  method: string;
  path: RegExp;
  /** Setup and the call itself, through `p`; returns what the office got, for comparison. */
  run: (p: TestPlatform) => Promise<unknown>;
  /** What the office reads from this answer: everything else may be missing. */
  reads: string[];
  /** A field it reads, taken away: [path in the answer, name in the message]. */
  missing: [string, string];
  /** What the strict sandbox's answer gives. */
  expected: unknown;
};

const cases: Case[] = [
  {
    call: 'POST /authentication',
    method: 'POST',
    path: /^\/authentication$/,
    run: (p) => p.testConnection(),
    reads: ['AccessToken', 'ExpiresIn'],
    missing: ['ExpiresIn', 'ExpiresIn'],
    expected: { ispIdentifier: '123', ispName: 'Provedor Sandbox', activeLicenses: 0 },
  },
  {
    call: 'GET /isps',
    method: 'GET',
    path: /^\/isps$/,
    run: async (p) => {
      await p.upsertSubscriber('c-1', maria);
      await p.grantLicence('c-1', 'l1', '2000001');
      return p.testConnection();
    },
    reads: ['data.isp_identifier', 'data.name', 'data.active_licenses'],
    missing: ['data.active_licenses', 'data[0].active_licenses'],
    expected: { ispIdentifier: '123', ispName: 'Provedor Sandbox', activeLicenses: 1 },
  },
  {
    call: 'GET /products',
    method: 'GET',
    path: /^\/products$/,
    run: async (p) => {
      const products = await p.listProducts();
      return { count: products.length, first: products[0], codes: new Set(products.map((x) => x.code)).size };
    },
    reads: ['data.code', 'data.name', 'meta.total'],
    missing: ['meta.total', 'meta.total'],
    // description and status are absent from the cut-down answer: '' and active (asked status=active)
    expected: { count: 120, first: { code: '2000001', name: 'Título Digital 1', description: expect.any(String), status: 'active' }, codes: 120 },
  },
  {
    call: 'PUT /subscribers/{contract_identifier}',
    method: 'PUT',
    path: /^\/subscribers\/[^/]+$/,
    run: async (p) => {
      const first = await p.upsertSubscriber('c-1', maria);
      await p.grantLicence('c-1', 'l1', '2000001');
      const again = await p.upsertSubscriber('c-1', { ...maria, name: 'Maria da Silva Souza' });
      return [first, again];
    },
    reads: ['licenses.label', 'licenses.status'],
    missing: ['licenses.status', 'licenses[0].status'],
    expected: [
      { created: true, subscriber: { contractIdentifier: 'c-1', licences: [] } },
      { created: false, subscriber: { contractIdentifier: 'c-1', licences: [{ label: 'l1', status: 'active' }] } },
    ],
  },
  {
    call: 'GET /subscribers/{contract_identifier}',
    method: 'GET',
    path: /^\/subscribers\/[^/]+$/,
    run: async (p) => {
      await p.upsertSubscriber('c-1', maria);
      await p.grantLicence('c-1', 'l1', '2000001');
      return p.getSubscriber('c-1');
    },
    reads: ['licenses.label', 'licenses.status'],
    missing: ['licenses.label', 'licenses[0].label'],
    expected: { contractIdentifier: 'c-1', licences: [{ label: 'l1', status: 'active' }] },
  },
  {
    call: 'PUT /subscribers/{contract_identifier}/licenses/{label}',
    method: 'PUT',
    path: /^\/subscribers\/[^/]+\/licenses\/[^/]+$/,
    run: async (p) => {
      await p.upsertSubscriber('c-1', maria);
      return [await p.grantLicence('c-1', 'l1', '2000001'), await p.grantLicence('c-1', 'l1', '2000001')];
    },
    reads: ['status'],
    missing: ['status', 'status'],
    expected: [
      { created: true, licence: { label: 'l1', productCode: '2000001', status: 'active' } },
      { created: false, licence: { label: 'l1', productCode: '2000001', status: 'active' } },
    ],
  },
  {
    call: 'PATCH /subscribers/{contract_identifier}/licenses/{label}',
    method: 'PATCH',
    path: /^\/subscribers\/[^/]+\/licenses\/[^/]+$/,
    run: async (p) => {
      await p.upsertSubscriber('c-1', maria);
      await p.grantLicence('c-1', 'l1', '2000001');
      return [await p.setLicenceStatus('c-1', 'l1', 'suspended'), await p.setLicenceStatus('c-1', 'l1', 'active')];
    },
    reads: ['status'],
    missing: ['status', 'status'],
    expected: [{ status: 'suspended' }, { status: 'active' }],
  },
  {
    call: 'GET /subscribers',
    method: 'GET',
    path: /^\/subscribers$/,
    run: async (p) => {
      await p.upsertSubscriber('c-1', maria);
      await p.grantLicence('c-1', 'l1', '2000001');
      await p.upsertSubscriber('c-2', ana);
      await p.grantLicence('c-2', 'l2', '2000002');
      await p.setLicenceStatus('c-2', 'l2', 'suspended');
      return (await p.listSubscribers()).sort((a, b) => a.contractIdentifier.localeCompare(b.contractIdentifier));
    },
    reads: ['data.contract_identifier', 'data.name', 'data.licenses.label', 'data.licenses.product_code', 'data.licenses.status', 'meta.total'],
    missing: ['data.contract_identifier', 'data[0].contract_identifier'],
    expected: [
      { contractIdentifier: 'c-1', name: 'Maria da Silva', licences: [{ label: 'l1', productCode: '2000001', status: 'active' }] },
      { contractIdentifier: 'c-2', name: 'Ana Souza', licences: [{ label: 'l2', productCode: '2000002', status: 'suspended' }] },
    ],
  },
  {
    call: 'POST /validation',
    method: 'POST',
    path: /^\/validation$/,
    run: async (p) => {
      await p.upsertSubscriber('c-1', maria);
      await p.grantLicence('c-1', 'l1', '2000001');
      const check = await p.checkLogin(maria.login, maria.password);
      return check?.products.map((x) => ({ code: x.code, status: x.status }));
    },
    reads: ['products.code', 'products.status'],
    missing: ['products.code', 'products[0].code'],
    expected: [{ code: '2000001', status: 'active' }],
  },
];

const matches = (c: Case, x: Exchange) => x.method === c.method && c.path.test(x.path) && x.status >= 200 && x.status < 300;

describe.each(cases)('$call', (c) => {
  it('reads the strict profile’s answer: only the promised fields', async () => {
    expect(await c.run(platformAt(strict.url))).toEqual(c.expected);
  });

  it('reads an answer cut down to the fields the office uses', async () => {
    const p = await through((x) => (matches(c, x) ? only(x.body, c.reads) : undefined));
    expect(await c.run(p)).toEqual(c.expected);
  });

  it('ignores fields no version of the contract has, in every answer', async () => {
    const p = await through((x) => (x.body === undefined ? undefined : withExtraFields(x.body)));
    expect(await c.run(p)).toEqual(c.expected);
  });

  it(`names ${c.missing[1]} when it is missing, and says the server does not follow the contract`, async () => {
    const p = await through((x) => (matches(c, x) ? without(x.body, c.missing[0]) : undefined));
    const err = await failure(c.run(p));
    expect(err.code).toBe('BAD_RESPONSE');
    expect(err.message).toBe(
      `O servidor não segue o contrato da API Campsoft: falta o campo ${c.missing[1]} na resposta de ${c.call}. Confira o endereço da API na integração; se estiver certo, contate o suporte da Campsoft.`,
    );
  });
});

describe('defaults for what a server may leave out', () => {
  it('a product without description or status is an active one with no description', async () => {
    const p = await through((x) => (x.path === '/products' && x.status === 200 ? only(x.body, ['data.code', 'data.name', 'meta.total']) : undefined));
    const products = await p.listProducts();
    expect(products[0]).toEqual({ code: '2000001', name: 'Título Digital 1', description: '', status: 'active' });
  });

  it('a subscriber answer without licenses, and without the contract, is the contract asked for with none', async () => {
    const p = await through((x) => (x.path === '/subscribers/c-9' && x.status < 300 ? only(x.body, ['name']) : undefined));
    expect(await p.upsertSubscriber('c-9', maria)).toEqual({ created: true, subscriber: { contractIdentifier: 'c-9', licences: [] } });
    expect(await p.getSubscriber('c-9')).toEqual({ contractIdentifier: 'c-9', licences: [] });
  });

  it('a wrong type in a field the office does not read is no error', async () => {
    const p = await through((x) =>
      x.path.startsWith('/subscribers') && x.status < 300 && x.body && typeof x.body === 'object'
        ? { ...(x.body as object), status: 17, updated_at: { when: 'ontem' }, phone: 'não é objeto', login: null }
        : undefined,
    );
    expect((await p.upsertSubscriber('c-1', maria)).created).toBe(true);
  });

  it('a licence status outside the contract is named, with the values it may take', async () => {
    const p = await through((x) => (x.method === 'PATCH' && x.status === 200 ? { ...(x.body as object), status: 'paused' } : undefined));
    await p.upsertSubscriber('c-1', maria);
    await p.grantLicence('c-1', 'l1', '2000001');
    const err = await failure(p.setLicenceStatus('c-1', 'l1', 'suspended'));
    expect(err.message).toContain('o campo status veio com valor inesperado (esperado: active, suspended ou canceled) na resposta de PATCH');
  });

  it('VALIDATION fields sent as lists of messages are read as text', async () => {
    const p = await through((x) => (x.status === 422 ? { ...(x.body as object), fields: { phone: ['DDD inválido.', 'Número inválido.'], extra: 3 } } : undefined));
    const err = await failure(p.upsertSubscriber('c-1', { ...maria, phone: { ...maria.phone, ddd: '1' } }));
    expect(err).toMatchObject({ code: 'VALIDATION', fields: { phone: 'DDD inválido. Número inválido.' } });
  });
});

describe('paging a server that caps per_page', () => {
  it('reads every product when the server serves 50 of the 100 asked per page', async () => {
    const pages: number[] = [];
    const products = await platformAt(strict.url).listProducts((progress) => pages.push(progress.fetched));
    expect(products).toHaveLength(120);
    expect(new Set(products.map((x) => x.code)).size).toBe(120);
    expect(pages).toEqual([50, 100, 120]);
  });

  it('reads every subscriber when the server serves 50 of the 500 asked per page', async () => {
    const p = platformAt(strict.url);
    for (let n = 0; n < 60; n++) await p.upsertSubscriber(`c-${n}`, subscriberOf(n));
    const pages: number[] = [];
    const all = await p.listSubscribers({}, (progress) => pages.push(progress.fetched));
    expect(all).toHaveLength(60);
    expect(new Set(all.map((s) => s.contractIdentifier)).size).toBe(60);
    expect(pages).toEqual([50, 60]);
  });
});

describe('DELETE of a licence already gone', () => {
  it('is done whether the server answers 204 again (strict) or 404 (default)', async () => {
    const generous = await startSandbox();
    try {
      for (const [sandbox, second] of [
        [strict, { alreadyGone: false }],
        [generous, { alreadyGone: true }],
      ] as const) {
        const p = platformAt(sandbox.url);
        await p.upsertSubscriber('c-1', maria);
        await p.grantLicence('c-1', 'l1', sandbox === strict ? '2000001' : '1192001');
        expect(await p.cancelLicence('c-1', 'l1')).toEqual({ alreadyGone: false });
        expect(await p.cancelLicence('c-1', 'l1')).toEqual(second);
        expect(sandbox.store.subscribers.get('c-1')!.licenses.get('l1')!.status).toBe('canceled');
      }
    } finally {
      await generous.close();
    }
  });
});

describe('a 404 that says the path is unknown, not the record', () => {
  const address = 'Confira o endereço da API na integração (o de produção é https://api2.campsoft.com.br/svas/v1)';

  it('a wrong API address (…/svas/v2) says to check the address, not to sync or transmit again', async () => {
    const wrong = `${strict.origin}/svas/v2`;
    const err = await failure(platformAt(wrong).testConnection());
    expect(err).toMatchObject({ code: 'UNKNOWN_ROUTE', httpStatus: 404, retryable: false });
    expect(err.message).toBe(
      `O servidor em ${wrong} não conhece a rota POST /authentication da API Campsoft (HTTP 404): o endereço parece errado. ${address}; se estiver certo, contate o suporte da Campsoft.`,
    );
    expect(err.message).not.toMatch(/Sincronize|transmita/i);
  });

  it('a 404 in the API’s envelope on a call whose path names no record is a wrong address too', async () => {
    const p = await through((x) => (x.path === '/products' ? { raw: { status: 404, contentType: 'application/json', text: JSON.stringify({ status: 'error', error_id: 'NOT_FOUND', origem: 'api', message: 'rota desconhecida' }) } } : undefined));
    expect(await failure(p.listProducts())).toMatchObject({ code: 'UNKNOWN_ROUTE' });
  });

  it.each([
    ['an HTML page', 'text/html', '<html><body><h1>404 Not Found</h1></body></html>'],
    ['plain text', 'text/plain', 'Not Found'],
    ['a framework’s JSON', 'application/json', '{"detail":"Not Found"}'],
    ['no body', 'application/json', ''],
  ])('%s as the 404 of a subscriber or licence call is a wrong address, not a missing record', async (_what, contentType, text) => {
    const p = await through((x) => (x.path.startsWith('/subscribers/') ? { raw: { status: 404, contentType, text } } : undefined));
    // Without this, a GET would read "no such subscriber" and a DELETE "already gone": silently wrong.
    expect(await failure(p.getSubscriber('c-1'))).toMatchObject({ code: 'UNKNOWN_ROUTE' });
    expect(await failure(p.cancelLicence('c-1', 'l1'))).toMatchObject({ code: 'UNKNOWN_ROUTE' });
    expect(await failure(p.setLicenceStatus('c-1', 'l1', 'suspended'))).toMatchObject({ code: 'UNKNOWN_ROUTE' });
  });

  it('a 404 in the API’s envelope on a subscriber or licence keeps its meaning', async () => {
    const p = platformAt(strict.url);
    expect(await p.getSubscriber('nao-existe')).toBeNull();
    expect(await p.cancelLicence('nao-existe', 'l1')).toEqual({ alreadyGone: true });
    const err = await failure(p.setLicenceStatus('nao-existe', 'l1', 'suspended'));
    expect(err.code).toBe('NOT_FOUND');
    expect(err.message).toContain('Sincronize os produtos ou transmita o assinante novamente');
  });

  it('halts a transmission at once instead of failing every link the same way', async () => {
    const events: string[] = [];
    const executor = createExecutor({
      platformOf: async () => platformAt(`${strict.origin}/svas/v2`),
      emit: (event) => events.push(event),
      logger: { info() {}, warn() {}, error() {} },
      clock: { now: () => Date.now() },
      concurrency: 2,
    });
    const plans = Array.from({ length: 50 }, (_, n) => newLinkPlan(n));
    const { runId } = await executor.start({ integrationId: plans[0].integrationId, plans });
    const state = (await executor.settled(runId))!;
    expect(state.status).toBe('halted');
    expect(state.error?.code).toBe('UNKNOWN_ROUTE');
    expect(state.error?.message).toContain('Confira o endereço da API');
    expect(state.done).toBeLessThanOrEqual(2);
    expect(state.notStarted).toBeGreaterThanOrEqual(48);
  });
});
