import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { authenticationSchema, errorEnvelopeSchema, ispsSchema, licenceSchema, loginCheckSchema, productsPageSchema, subscriberSchema, subscribersPageSchema } from '../../electron/host/campsoft/wire';
import { api, external, openTarget, subscriberBody, uniqueContract, type Answer, type Target } from './target';

/**
 * CAMPSOFT_API.md, endpoint by endpoint and error row by error row. Against the sandbox by default;
 * against CAMPSOFT_BASE_URL when set. Data is discovered from the server and identifiers are unique
 * per run, so the suite can run against a staging server again and again.
 */

let target: Target;
let token: string;
let activeProducts: string[];

function expectEnvelope(answer: Answer, status: number | number[], errorId: string) {
  expect(Array.isArray(status) ? status : [status]).toContain(answer.status);
  const envelope = errorEnvelopeSchema.parse(answer.body);
  expect(envelope.status).toBe('error');
  expect(envelope.error_id).toBe(errorId);
  expect(typeof envelope.origem).toBe('string');
  expect(envelope.message?.length).toBeGreaterThan(0);
  return envelope;
}

async function login(): Promise<string> {
  const answer = await api(target, 'POST', '/authentication', { body: { ApiKey: target.apiKey, ApiSecret: target.apiSecret } });
  expect(answer.status).toBe(200);
  return authenticationSchema.parse(answer.body).AccessToken;
}

async function newSubscriber(): Promise<{ contract: string; body: ReturnType<typeof subscriberBody> }> {
  const contract = uniqueContract();
  const body = subscriberBody();
  const answer = await api(target, 'PUT', `/subscribers/${contract}`, { token, body });
  expect(answer.status).toBe(201);
  return { contract, body };
}

beforeAll(async () => {
  target = await openTarget();
  token = await login();
  const products = await api(target, 'GET', '/products?status=active&page=1&per_page=100', { token });
  activeProducts = productsPageSchema.parse(products.body).data.map((p) => p.code);
  expect(activeProducts.length, 'the server needs at least two active products for this suite').toBeGreaterThanOrEqual(2);
});
afterAll(() => target.sandbox?.close());

describe('POST /authentication', () => {
  it('answers an AccessToken whose ExpiresIn is an absolute Unix time in seconds', async () => {
    const answer = await api(target, 'POST', '/authentication', { body: { ApiKey: target.apiKey, ApiSecret: target.apiSecret } });
    expect(answer.status).toBe(200);
    const { ExpiresIn } = authenticationSchema.parse(answer.body);
    const nowSeconds = Date.now() / 1000;
    expect(ExpiresIn).toBeGreaterThan(nowSeconds);
    expect(ExpiresIn).toBeLessThan(nowSeconds + 366 * 24 * 3600);
  });

  it('refuses wrong credentials with 401 and the error envelope', async () => {
    const answer = await api(target, 'POST', '/authentication', { body: { ApiKey: target.apiKey, ApiSecret: `${target.apiSecret}-errado` } });
    expectEnvelope(answer, 401, 'UNAUTHORIZED');
  });

  it('refuses a call without a valid Bearer token with 401', async () => {
    expectEnvelope(await api(target, 'GET', '/isps'), 401, 'UNAUTHORIZED');
    expectEnvelope(await api(target, 'GET', '/isps', { token: 'token-que-nao-existe' }), 401, 'UNAUTHORIZED');
  });
});

describe('GET /isps', () => {
  it('names the provider and counts its active licences', async () => {
    const answer = await api(target, 'GET', '/isps', { token });
    expect(answer.status).toBe(200);
    const isps = ispsSchema.parse(answer.body);
    expect(isps.data.length).toBeGreaterThanOrEqual(1);
    expect(isps.data[0].name.length).toBeGreaterThan(0);
  });

  it('counts a newly granted licence in active_licenses', async () => {
    const before = ispsSchema.parse((await api(target, 'GET', '/isps', { token })).body).data[0].active_licenses;
    const { contract } = await newSubscriber();
    await api(target, 'PUT', `/subscribers/${contract}/licenses/isp-count`, { token, body: { product_code: activeProducts[0] } });
    const after = ispsSchema.parse((await api(target, 'GET', '/isps', { token })).body).data[0].active_licenses;
    // A shared staging server may change meanwhile; the sandbox is exact.
    if (external) expect(after).toBeGreaterThanOrEqual(before);
    else expect(after).toBe(before + 1);
  });
});

describe('GET /products', () => {
  it('pages through every active product without repeating one', async () => {
    const perPage = 2;
    const first = productsPageSchema.parse((await api(target, 'GET', `/products?status=active&page=1&per_page=${perPage}`, { token })).body);
    expect(first.meta).toMatchObject({ page: 1, per_page: perPage });
    const codes = first.data.map((p) => p.code);
    const pages = Math.ceil(first.meta.total / perPage);
    for (let page = 2; page <= pages; page++) {
      const next = productsPageSchema.parse((await api(target, 'GET', `/products?status=active&page=${page}&per_page=${perPage}`, { token })).body);
      codes.push(...next.data.map((p) => p.code));
    }
    expect(codes).toHaveLength(first.meta.total);
    expect(new Set(codes).size).toBe(codes.length);
  });

  it('with status=active brings only active products, with opaque string codes', async () => {
    const page = productsPageSchema.parse((await api(target, 'GET', '/products?status=active&page=1&per_page=100', { token })).body);
    for (const product of page.data) {
      expect(product.status).toBe('active');
      expect(typeof product.code).toBe('string');
    }
  });

  it.skipIf(external)('leaves inactive products out of status=active (sandbox only: the demo catalogue has one)', async () => {
    const all = productsPageSchema.parse((await api(target, 'GET', '/products?page=1&per_page=100', { token })).body);
    const inactive = all.data.filter((p) => p.status === 'inactive').map((p) => p.code);
    expect(inactive.length).toBeGreaterThan(0);
    for (const code of inactive) expect(activeProducts).not.toContain(code);
  });
});

describe('PUT / GET /subscribers/{contract_identifier}', () => {
  it('creates with 201, updates with 200, and reads the subscriber back with its licences', async () => {
    const contract = uniqueContract();
    const body = subscriberBody();
    const created = await api(target, 'PUT', `/subscribers/${contract}`, { token, body });
    expect(created.status).toBe(201);
    expect(subscriberSchema.parse(created.body).licenses).toEqual([]);

    const updated = await api(target, 'PUT', `/subscribers/${contract}`, { token, body: { ...body, name: 'Maria da Silva Souza' } });
    expect(updated.status).toBe(200);

    const read = await api(target, 'GET', `/subscribers/${contract}`, { token });
    expect(read.status).toBe(200);
    const subscriber = subscriberSchema.parse(read.body);
    expect(subscriber).toMatchObject({ contract_identifier: contract, name: 'Maria da Silva Souza', document: body.document, email: body.email });
  });

  it.skipIf(external)('never creates the same contract twice, however often it is sent (sandbox only: reads the counters)', async () => {
    const contract = uniqueContract();
    const body = subscriberBody();
    for (let i = 0; i < 3; i++) await api(target, 'PUT', `/subscribers/${contract}`, { token, body });
    expect(target.sandbox!.stats().subscriberCreations[contract]).toBe(1);
  });

  it('answers 404 for a contract it does not know', async () => {
    expectEnvelope(await api(target, 'GET', `/subscribers/${uniqueContract()}`, { token }), 404, 'NOT_FOUND');
  });

  it('refuses an invalid body with VALIDATION and names the fields', async () => {
    const answer = await api(target, 'PUT', `/subscribers/${uniqueContract()}`, {
      token,
      body: { name: '', document: { type: 'cpf', number: '11111111111' }, email: { data: 'sem-arroba' }, phone: { ddi: '55', ddd: '1', number: '12' }, login: '', password: '' },
    });
    const envelope = expectEnvelope(answer, [400, 422], 'VALIDATION');
    // Campsoft: `fields` is modeled, not verified; the sandbox always sends it.
    if (!external || envelope.fields) {
      expect(Object.keys(envelope.fields ?? {})).toEqual(expect.arrayContaining(['name', 'document.number', 'email.data', 'phone.ddd', 'phone.number', 'login', 'password']));
    }
  });

  it('refuses a document already bound to another contract with 409', async () => {
    const { body } = await newSubscriber();
    const answer = await api(target, 'PUT', `/subscribers/${uniqueContract()}`, { token, body: { ...subscriberBody(), document: body.document } });
    expectEnvelope(answer, 409, 'CONFLICT');
  });

  it('refuses a login already bound to another contract with 409', async () => {
    const { body } = await newSubscriber();
    const answer = await api(target, 'PUT', `/subscribers/${uniqueContract()}`, { token, body: { ...subscriberBody(), login: body.login } });
    expectEnvelope(answer, 409, 'CONFLICT');
  });
});

describe('licences', () => {
  it('grants with 201, re-grants the same product as a no-op 200', async () => {
    const { contract } = await newSubscriber();
    const first = await api(target, 'PUT', `/subscribers/${contract}/licenses/campsoft-leitura-1`, { token, body: { product_code: activeProducts[0] } });
    expect(first.status).toBe(201);
    expect(licenceSchema.parse(first.body)).toMatchObject({ label: 'campsoft-leitura-1', product_code: activeProducts[0], status: 'active' });
    const again = await api(target, 'PUT', `/subscribers/${contract}/licenses/campsoft-leitura-1`, { token, body: { product_code: activeProducts[0] } });
    expect(again.status).toBe(200);
    const subscriber = subscriberSchema.parse((await api(target, 'GET', `/subscribers/${contract}`, { token })).body);
    expect(subscriber.licenses.filter((l) => l.label === 'campsoft-leitura-1')).toHaveLength(1);
    if (!external) expect(target.sandbox!.stats().licenceCreations[`${contract}/campsoft-leitura-1`]).toBe(1);
  });

  it('refuses the same label with another product with 409', async () => {
    const { contract } = await newSubscriber();
    await api(target, 'PUT', `/subscribers/${contract}/licenses/label-x`, { token, body: { product_code: activeProducts[0] } });
    const answer = await api(target, 'PUT', `/subscribers/${contract}/licenses/label-x`, { token, body: { product_code: activeProducts[1] } });
    expectEnvelope(answer, 409, 'CONFLICT');
  });

  it('refuses a licence under an unknown subscriber with 404', async () => {
    const answer = await api(target, 'PUT', `/subscribers/${uniqueContract()}/licenses/l`, { token, body: { product_code: activeProducts[0] } });
    expectEnvelope(answer, 404, 'NOT_FOUND');
  });

  it('refuses a product the provider has not contracted with 403', async (ctx) => {
    const all = productsPageSchema.parse((await api(target, 'GET', '/products?page=1&per_page=100', { token })).body);
    const inactive = all.data.find((p) => p.status === 'inactive');
    if (!inactive) return ctx.skip('the server lists no inactive product to try');
    const { contract } = await newSubscriber();
    const answer = await api(target, 'PUT', `/subscribers/${contract}/licenses/l403`, { token, body: { product_code: inactive.code } });
    expectEnvelope(answer, 403, 'FORBIDDEN');
  });

  it('suspends and re-enables with PATCH, and answers 404 for an unknown label', async () => {
    const { contract } = await newSubscriber();
    await api(target, 'PUT', `/subscribers/${contract}/licenses/l1`, { token, body: { product_code: activeProducts[0] } });
    const suspended = await api(target, 'PATCH', `/subscribers/${contract}/licenses/l1`, { token, body: { status: 'suspended' } });
    expect(suspended.status).toBe(200);
    expect(licenceSchema.parse(suspended.body).status).toBe('suspended');
    const active = await api(target, 'PATCH', `/subscribers/${contract}/licenses/l1`, { token, body: { status: 'active' } });
    expect(licenceSchema.parse(active.body).status).toBe('active');
    expectEnvelope(await api(target, 'PATCH', `/subscribers/${contract}/licenses/nao-existe`, { token, body: { status: 'suspended' } }), 404, 'NOT_FOUND');
  });

  it('refuses a PATCH with an unknown status as VALIDATION', async () => {
    const { contract } = await newSubscriber();
    await api(target, 'PUT', `/subscribers/${contract}/licenses/l1`, { token, body: { product_code: activeProducts[0] } });
    expectEnvelope(await api(target, 'PATCH', `/subscribers/${contract}/licenses/l1`, { token, body: { status: 'pausado' } }), [400, 422], 'VALIDATION');
  });

  it('cancels with 204, then answers 404 (already gone)', async () => {
    const { contract } = await newSubscriber();
    await api(target, 'PUT', `/subscribers/${contract}/licenses/l1`, { token, body: { product_code: activeProducts[0] } });
    expect((await api(target, 'DELETE', `/subscribers/${contract}/licenses/l1`, { token })).status).toBe(204);
    expectEnvelope(await api(target, 'DELETE', `/subscribers/${contract}/licenses/l1`, { token }), 404, 'NOT_FOUND');
  });
});

describe('GET /subscribers', () => {
  it('lists, pages and filters by updated_since', async () => {
    const older = await newSubscriber();
    // Second granularity is enough for updated_since on any server.
    await new Promise((r) => setTimeout(r, 1_100));
    const since = new Date().toISOString();
    const newer = await newSubscriber();

    const contracts: string[] = [];
    for (let page = 1; ; page++) {
      const answer = await api(target, 'GET', `/subscribers?page=${page}&per_page=2&updated_since=${encodeURIComponent(since)}`, { token });
      expect(answer.status).toBe(200);
      const parsed = subscribersPageSchema.parse(answer.body);
      contracts.push(...parsed.data.map((s) => s.contract_identifier));
      if (parsed.data.length === 0 || contracts.length >= parsed.meta.total) break;
    }
    expect(contracts).toContain(newer.contract);
    expect(contracts).not.toContain(older.contract);
  });
});

describe('POST /validation', () => {
  it('lets a subscriber with a licence log in and shows the product', async () => {
    const { contract, body } = await newSubscriber();
    await api(target, 'PUT', `/subscribers/${contract}/licenses/l1`, { token, body: { product_code: activeProducts[0] } });
    const isp = ispsSchema.parse((await api(target, 'GET', '/isps', { token })).body).data[0];
    const answer = await api(target, 'POST', '/validation', { token, body: { isp_identifier: String(isp.isp_identifier), login: body.login, password: body.password } });
    expect(answer.status).toBe(200);
    const check = loginCheckSchema.parse(answer.body);
    expect(check.products.map((p) => p.code)).toContain(activeProducts[0]);
  });

  it('answers 401 for a wrong password', async () => {
    const { body } = await newSubscriber();
    const isp = ispsSchema.parse((await api(target, 'GET', '/isps', { token })).body).data[0];
    const answer = await api(target, 'POST', '/validation', { token, body: { isp_identifier: String(isp.isp_identifier), login: body.login, password: 'senha-errada' } });
    expectEnvelope(answer, 401, 'UNAUTHORIZED');
  });
});

describe('platform trouble (sandbox only: needs fault knobs)', () => {
  beforeEach(() => {
    target.sandbox?.setKnobs({ rateLimitPerSecond: 0, failNext: 0, errorRate: 0, timeoutRate: 0, offline: false, tokenLifetimeSeconds: 3600 });
  });
  afterAll(() => {
    target.sandbox?.setKnobs({ rateLimitPerSecond: 0, failNext: 0, errorRate: 0, timeoutRate: 0, offline: false, tokenLifetimeSeconds: 3600 });
  });

  it.skipIf(external)('answers 429 with Retry-After in seconds when rate limited (sandbox only: needs the rate-limit knob)', async () => {
    target.sandbox!.setKnobs({ rateLimitPerSecond: 1 });
    const answers = [await api(target, 'GET', '/isps', { token }), await api(target, 'GET', '/isps', { token }), await api(target, 'GET', '/isps', { token })];
    const limited = answers.find((a) => a.status === 429);
    expect(limited).toBeDefined();
    expectEnvelope(limited!, 429, 'RATE_LIMITED');
    expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
  });

  it.skipIf(external)('answers 5xx with the envelope on platform trouble (sandbox only: needs fault knobs)', async () => {
    target.sandbox!.setKnobs({ failNext: 1 });
    const answer = await api(target, 'GET', '/isps', { token });
    expect(answer.status).toBeGreaterThanOrEqual(500);
    expect(errorEnvelopeSchema.parse(answer.body).status).toBe('error');
  });

  it.skipIf(external)('stops accepting a token after ExpiresIn (sandbox only: needs the token-lifetime knob)', async () => {
    target.sandbox!.setKnobs({ tokenLifetimeSeconds: 1 });
    const short = await login();
    const { ExpiresIn } = authenticationSchema.parse((await api(target, 'POST', '/authentication', { body: { ApiKey: target.apiKey, ApiSecret: target.apiSecret } })).body);
    expect(ExpiresIn - Date.now() / 1000).toBeLessThanOrEqual(1);
    await new Promise((r) => setTimeout(r, Math.max(0, ExpiresIn * 1000 - Date.now()) + 50));
    expectEnvelope(await api(target, 'GET', '/isps', { token: short }), 401, 'UNAUTHORIZED');
  });

  it.skipIf(external)('holds a request without answering (sandbox only: needs the timeout knob)', async () => {
    target.sandbox!.setKnobs({ timeoutRate: 1 });
    await expect(api(target, 'GET', '/isps', { token, timeoutMs: 200 })).rejects.toThrow();
  });

  it.skipIf(external)('drops connections while offline (sandbox only: needs the offline knob)', async () => {
    target.sandbox!.setKnobs({ offline: true });
    await expect(api(target, 'GET', '/isps', { token })).rejects.toThrow();
  });
});
