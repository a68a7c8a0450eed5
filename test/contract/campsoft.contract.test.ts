import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { authenticationSchema, ispsSchema, licenceSchema, loginCheckSchema, productsPageSchema, subscriberSchema, subscribersPageSchema } from '../../electron/host/campsoft/wire';
import { Api, external, subscriberBody, targetsToCheck, uniqueContract, type Answer, type Target } from './target';

/**
 * CAMPSOFT_API.md, endpoint by endpoint and error row by error row, asserting what the document
 * promises and nothing more: where it allows two answers, either passes. Answers are also read with
 * the client's own schemas (electron/host/campsoft/wire.ts), so a pass means SVA Desk can work with
 * the server. Against both sandbox profiles by default; against CAMPSOFT_BASE_URL when set. Data is
 * discovered from the server and identifiers are unique per run, so the suite can run against a
 * staging server again and again.
 */

/** The API's error envelope (verified): status "error", error_id, origem, message. */
function expectEnvelope(answer: Answer, status: number | number[], errorId: string) {
  expect(Array.isArray(status) ? status : [status], answer.text.slice(0, 300)).toContain(answer.status);
  expect(answer.body).toMatchObject({ status: 'error', error_id: errorId });
  expect(typeof answer.body.origem).toBe('string');
  expect(typeof answer.body.message).toBe('string');
  expect(answer.body.message.length).toBeGreaterThan(0);
  return answer.body as { fields?: Record<string, unknown> };
}

/** A VALIDATION `fields` key names an input by its path ("phone.ddd") or by the object holding it ("phone"). */
function names(key: string, input: string): boolean {
  const top = input.split('.')[0];
  return key === input || key === top || key.startsWith(`${input}.`) || key.startsWith(`${input}[`);
}

describe.each(targetsToCheck())('CAMPSOFT_API.md against $name', ({ open }) => {
  let target: Target;
  let api: Api;
  let activeProducts: string[];
  let allProducts: { code: string; status: string }[];
  const started = Date.now();

  async function newSubscriber(): Promise<{ contract: string; body: ReturnType<typeof subscriberBody> }> {
    const contract = uniqueContract();
    const body = subscriberBody();
    const answer = await api.call('PUT', `/subscribers/${contract}`, body);
    expect(answer.status, answer.text.slice(0, 300)).toBe(201);
    return { contract, body };
  }

  async function grant(contract: string, label: string, productCode = activeProducts[0]): Promise<Answer> {
    return api.call('PUT', `/subscribers/${contract}/licenses/${label}`, { product_code: productCode });
  }

  async function licencesOf(contract: string) {
    const answer = await api.call('GET', `/subscribers/${contract}`);
    expect(answer.status).toBe(200);
    return subscriberSchema.parse(answer.body).licenses;
  }

  /** Every product, page after page, at whatever page size the server serves. */
  async function pageThrough(query: string, perPage: number) {
    const codes: string[] = [];
    const products: { code: string; status: string }[] = [];
    for (let page = 1; ; page++) {
      const answer = await api.call('GET', `/products?${query}page=${page}&per_page=${perPage}`);
      expect(answer.status).toBe(200);
      const parsed = productsPageSchema.parse(answer.body);
      // meta (modeled): the page asked for, the size served (a server may serve fewer than asked), the total.
      expect(answer.body.meta.page).toBe(page);
      expect(answer.body.meta.per_page).toBeLessThanOrEqual(perPage);
      expect(parsed.data.length).toBeLessThanOrEqual(answer.body.meta.per_page);
      codes.push(...parsed.data.map((p) => p.code));
      products.push(...parsed.data);
      if (parsed.data.length === 0 || codes.length >= parsed.meta.total) return { codes, products, total: parsed.meta.total, pages: page };
    }
  }

  beforeAll(async () => {
    target = await open();
    api = new Api(target);
    allProducts = (await pageThrough('', 100)).products;
    activeProducts = allProducts.filter((p) => p.status === 'active').map((p) => p.code);
    expect(activeProducts.length, 'the server needs at least two active products for this suite').toBeGreaterThanOrEqual(2);
  });
  afterAll(async () => {
    console.info(`contract suite: ${((Date.now() - started) / 1000).toFixed(1)} s, ${api.seen.logins} logins, ${api.seen.rateLimitWaits} waits on 429, ${api.seen.renewedOn401} renewals on 401`);
    await target.sandbox?.close();
  });

  describe('POST /authentication', () => {
    it('answers an AccessToken whose ExpiresIn is an absolute Unix time in seconds', async () => {
      const answer = await api.authenticate();
      expect(answer.status).toBe(200);
      const { AccessToken, ExpiresIn } = authenticationSchema.parse(answer.body);
      expect(AccessToken.length).toBeGreaterThan(0);
      const nowSeconds = Date.now() / 1000;
      expect(ExpiresIn).toBeGreaterThan(nowSeconds);
      expect(ExpiresIn).toBeLessThan(nowSeconds + 366 * 24 * 3600);
    });

    it('refuses wrong credentials with 401 and the error envelope', async () => {
      const answer = await api.authenticate({ ApiKey: target.apiKey, ApiSecret: `${target.apiSecret}-errado` });
      expectEnvelope(answer, 401, 'UNAUTHORIZED');
    });

    it('refuses a call without a valid Bearer token with 401', async () => {
      expectEnvelope(await api.send('GET', '/isps'), 401, 'UNAUTHORIZED');
      expectEnvelope(await api.send('GET', '/isps', { token: 'token-que-nao-existe' }), 401, 'UNAUTHORIZED');
    });
  });

  describe('GET /isps', () => {
    it('names the provider, its identifier and its active licences', async () => {
      const answer = await api.call('GET', '/isps');
      expect(answer.status).toBe(200);
      const isps = ispsSchema.parse(answer.body);
      expect(isps.data.length).toBeGreaterThanOrEqual(1);
      expect(isps.data[0].name.length).toBeGreaterThan(0);
      expect(isps.data[0].isp_identifier.length).toBeGreaterThan(0);
      expect(Number.isInteger(isps.data[0].active_licenses)).toBe(true);
    });

    it('counts a newly granted licence in active_licenses', async () => {
      const count = async () => ispsSchema.parse((await api.call('GET', '/isps')).body).data[0].active_licenses;
      const before = await count();
      const { contract } = await newSubscriber();
      expect((await grant(contract, 'isp-count')).status).toBe(201);
      const after = await count();
      // A shared staging server may change meanwhile; the sandbox is exact.
      if (external) expect(after).toBeGreaterThanOrEqual(before);
      else expect(after).toBe(before + 1);
    });
  });

  describe('GET /products', () => {
    it('pages through every active product without repeating one', async () => {
      const { codes, total, pages } = await pageThrough('status=active&', 7);
      expect(codes).toHaveLength(total);
      expect(new Set(codes).size).toBe(codes.length);
      expect(pages).toBeGreaterThanOrEqual(Math.ceil(total / 7));
    });

    it('pages by page number at whatever page size it serves (per_page=500 may be capped)', async () => {
      const small = await pageThrough('status=active&', 7);
      const large = await pageThrough('status=active&', 500);
      expect(new Set(large.codes)).toEqual(new Set(small.codes));
      expect(large.codes).toHaveLength(large.total);
    });

    it('with status=active brings only active products, with opaque string codes', async () => {
      const { products } = await pageThrough('status=active&', 100);
      expect(products.length).toBeGreaterThan(0);
      for (const product of products) {
        expect(product.status).toBe('active');
        expect(typeof product.code).toBe('string');
      }
    });

    it.skipIf(external)('leaves inactive products out of status=active (sandbox only: its catalogue has one)', () => {
      const inactive = allProducts.filter((p) => p.status === 'inactive').map((p) => p.code);
      expect(inactive.length).toBeGreaterThan(0);
      for (const code of inactive) expect(activeProducts).not.toContain(code);
    });
  });

  describe('PUT / GET /subscribers/{contract_identifier}', () => {
    it('creates with 201 and no licences, updates with 200, and reads the subscriber back', async () => {
      const contract = uniqueContract();
      const body = subscriberBody();
      const created = await api.call('PUT', `/subscribers/${contract}`, body);
      expect(created.status).toBe(201);
      expect(created.body.licenses).toEqual([]);

      const updated = await api.call('PUT', `/subscribers/${contract}`, { ...body, name: 'Maria da Silva Souza' });
      expect(updated.status).toBe(200);

      const read = await api.call('GET', `/subscribers/${contract}`);
      expect(read.status).toBe(200);
      expect(read.body.name).toBe('Maria da Silva Souza');
      expect(read.body.licenses).toEqual([]);
      // Not promised in a single-subscriber answer; when it is there, it is this contract.
      if (read.body.contract_identifier !== undefined) expect(String(read.body.contract_identifier)).toBe(contract);
      expect(subscriberSchema.parse(read.body).licenses).toEqual([]);
    });

    it.skipIf(external)('never creates the same contract twice, however often it is sent (sandbox only: reads the counters)', async () => {
      const contract = uniqueContract();
      const body = subscriberBody();
      for (let i = 0; i < 3; i++) expect((await api.call('PUT', `/subscribers/${contract}`, body)).status).toBe(i === 0 ? 201 : 200);
      expect(target.sandbox!.stats().subscriberCreations[contract]).toBe(1);
    });

    it('answers 404 for a contract it does not know', async () => {
      expectEnvelope(await api.call('GET', `/subscribers/${uniqueContract()}`), 404, 'NOT_FOUND');
    });

    it.each([
      ['name', { name: undefined }],
      ['document.number', { document: { type: 'cpf', number: '11111111111' } }],
      ['email.data', { email: { data: 'sem-arroba' } }],
      ['phone.ddd', { phone: { ddi: '55', ddd: '1', number: '912345678', mobile: true } }],
      ['login', { login: undefined }],
      ['password', { password: undefined }],
    ])('refuses a bad %s with VALIDATION, naming the field', async (input, override) => {
      const answer = await api.call('PUT', `/subscribers/${uniqueContract()}`, subscriberBody(override));
      const envelope = expectEnvelope(answer, [400, 422], 'VALIDATION');
      // Campsoft: `fields` is modeled ("may add"), and its keys may be "phone.ddd" or "phone": a key that
      // names the bad input is enough. The sandbox always sends it.
      if (external && envelope.fields === undefined) return;
      const keys = Object.keys(envelope.fields ?? {});
      expect(
        keys.some((key) => names(key, input)),
        `fields ${JSON.stringify(keys)} name no ${input}`,
      ).toBe(true);
    });

    it('refuses a document already bound to another contract with 409', async () => {
      const { body } = await newSubscriber();
      const answer = await api.call('PUT', `/subscribers/${uniqueContract()}`, { ...subscriberBody(), document: body.document });
      expectEnvelope(answer, 409, 'CONFLICT');
    });

    it('refuses a login already bound to another contract with 409', async () => {
      const { body } = await newSubscriber();
      const answer = await api.call('PUT', `/subscribers/${uniqueContract()}`, { ...subscriberBody(), login: body.login });
      expectEnvelope(answer, 409, 'CONFLICT');
    });
  });

  describe('licences', () => {
    it('grants with 201, re-grants the same product as a no-op 200, and shows it under the subscriber', async () => {
      const { contract } = await newSubscriber();
      const first = await grant(contract, 'campsoft-leitura-1');
      expect(first.status).toBe(201);
      expect(first.body).toMatchObject({ label: 'campsoft-leitura-1', product_code: activeProducts[0], status: 'active' });
      expect(licenceSchema.parse(first.body).status).toBe('active');
      const again = await grant(contract, 'campsoft-leitura-1');
      expect(again.status).toBe(200);
      expect(licenceSchema.parse(again.body).status).toBe('active');
      const held = (await licencesOf(contract)).filter((l) => l.label === 'campsoft-leitura-1');
      expect(held).toEqual([{ label: 'campsoft-leitura-1', status: 'active' }]);
      if (!external) expect(target.sandbox!.stats().licenceCreations[`${contract}/campsoft-leitura-1`]).toBe(1);
    });

    it('refuses the same label with another product with 409', async () => {
      const { contract } = await newSubscriber();
      expect((await grant(contract, 'label-x')).status).toBe(201);
      expectEnvelope(await grant(contract, 'label-x', activeProducts[1]), 409, 'CONFLICT');
    });

    it('refuses a licence under an unknown subscriber with 404', async () => {
      expectEnvelope(await grant(uniqueContract(), 'l'), 404, 'NOT_FOUND');
    });

    it('refuses a product the provider has not contracted with 403', async (ctx) => {
      const inactive = allProducts.find((p) => p.status === 'inactive');
      if (!inactive) return ctx.skip('the server lists no inactive product to try');
      const { contract } = await newSubscriber();
      expectEnvelope(await grant(contract, 'l403', inactive.code), 403, 'FORBIDDEN');
    });

    it('suspends and re-enables with PATCH, shows the state under the subscriber, and answers 404 for an unknown label', async () => {
      const { contract } = await newSubscriber();
      expect((await grant(contract, 'l1')).status).toBe(201);
      const suspended = await api.call('PATCH', `/subscribers/${contract}/licenses/l1`, { status: 'suspended' });
      expect(suspended.status).toBe(200);
      expect(licenceSchema.parse(suspended.body).status).toBe('suspended');
      expect(await licencesOf(contract)).toEqual([{ label: 'l1', status: 'suspended' }]);
      const active = await api.call('PATCH', `/subscribers/${contract}/licenses/l1`, { status: 'active' });
      expect(active.status).toBe(200);
      expect(licenceSchema.parse(active.body).status).toBe('active');
      expectEnvelope(await api.call('PATCH', `/subscribers/${contract}/licenses/nao-existe`, { status: 'suspended' }), 404, 'NOT_FOUND');
    });

    it('refuses a PATCH with an unknown status as VALIDATION', async () => {
      const { contract } = await newSubscriber();
      expect((await grant(contract, 'l1')).status).toBe(201);
      expectEnvelope(await api.call('PATCH', `/subscribers/${contract}/licenses/l1`, { status: 'pausado' }), [400, 422], 'VALIDATION');
    });

    it('cancels with 204; cancelling again is done too (204 again, or 404: already gone)', async () => {
      const { contract } = await newSubscriber();
      expect((await grant(contract, 'l1')).status).toBe(201);
      expect((await api.call('DELETE', `/subscribers/${contract}/licenses/l1`)).status).toBe(204);
      // Gone: listed as canceled, or not listed at all.
      for (const licence of await licencesOf(contract)) expect(licence).toEqual({ label: 'l1', status: 'canceled' });
      const again = await api.call('DELETE', `/subscribers/${contract}/licenses/l1`);
      expect([204, 404]).toContain(again.status);
      if (again.status === 404) expectEnvelope(again, 404, 'NOT_FOUND');
    });
  });

  describe('GET /subscribers', () => {
    it('lists with contract, name and licences, pages, and filters by updated_since', async () => {
      const older = await newSubscriber();
      // Second granularity is enough for updated_since on any server.
      await new Promise((r) => setTimeout(r, 1_100));
      const since = new Date().toISOString();
      const newer = await newSubscriber();
      expect((await grant(newer.contract, 'listed-1')).status).toBe(201);

      const listed: ReturnType<typeof subscribersPageSchema.parse>['data'] = [];
      for (let page = 1; ; page++) {
        const answer = await api.call('GET', `/subscribers?page=${page}&per_page=2&updated_since=${encodeURIComponent(since)}`);
        expect(answer.status).toBe(200);
        const parsed = subscribersPageSchema.parse(answer.body);
        listed.push(...parsed.data);
        if (parsed.data.length === 0 || listed.length >= parsed.meta.total) break;
      }
      const contracts = listed.map((s) => s.contract_identifier);
      expect(contracts).toContain(newer.contract);
      expect(contracts).not.toContain(older.contract);
      expect(new Set(contracts).size).toBe(contracts.length);
      const mine = listed.find((s) => s.contract_identifier === newer.contract)!;
      expect(mine.name).toBe(newer.body.name);
      expect(mine.licenses).toEqual([{ label: 'listed-1', product_code: activeProducts[0], status: 'active' }]);
    });
  });

  describe('POST /validation', () => {
    it('lets a subscriber with a licence log in and shows the product', async () => {
      const { contract, body } = await newSubscriber();
      expect((await grant(contract, 'l1')).status).toBe(201);
      const isp = ispsSchema.parse((await api.call('GET', '/isps')).body).data[0];
      const answer = await api.call('POST', '/validation', { isp_identifier: isp.isp_identifier, login: body.login, password: body.password });
      expect(answer.status).toBe(200);
      const check = loginCheckSchema.parse(answer.body);
      expect(check.products.map((p) => p.code)).toContain(activeProducts[0]);
    });

    it('answers 401 for a wrong password', async () => {
      const { body } = await newSubscriber();
      const isp = ispsSchema.parse((await api.call('GET', '/isps')).body).data[0];
      const answer = await api.call('POST', '/validation', { isp_identifier: isp.isp_identifier, login: body.login, password: 'senha-errada' });
      expectEnvelope(answer, 401, 'UNAUTHORIZED');
    });
  });

  describe('what a patient client meets: a rate limit, tokens that expire', () => {
    afterEach(() => {
      target.sandbox?.setKnobs(target.startKnobs!);
    });

    it('answers a burst of 100 calls, asking to wait (429 + Retry-After in seconds) where it limits them', async () => {
      const before = api.limited.length;
      const answers = await Promise.all(Array.from({ length: 100 }, () => api.call('GET', '/isps')));
      expect(answers.map((a) => a.status)).toEqual(answers.map(() => 200));
      for (const limited of api.limited.slice(before)) {
        expectEnvelope(limited, 429, 'RATE_LIMITED');
        expect(limited.headers.get('retry-after') ?? '').toMatch(/^\d+$/);
      }
    });

    it('accepts the token renewed shortly before ExpiresIn, so a patient client never meets a 401 (tokens of 30 s or less)', async (ctx) => {
      // The sandbox's default profile issues one-hour tokens: this test shortens them to 2 s.
      if (target.sandbox && target.startKnobs!.tokenLifetimeSeconds > 30) target.sandbox.setKnobs({ tokenLifetimeSeconds: 2 });
      const fresh = new Api(target);
      await fresh.token();
      const lifetime = fresh.tokenLifetimeMs();
      if (lifetime > 30_000) return ctx.skip(`tokens live ${Math.round(lifetime / 1000)} s here: too long to wait for one to end`);
      // Calls 250 ms apart for more than a token's whole life (sleeps alone span it).
      const calls = Math.ceil((lifetime + 1_000) / 250);
      for (let i = 0; i < calls; i++) {
        const answer = await fresh.call('GET', '/isps');
        expect(answer.status).toBe(200);
        await new Promise((r) => setTimeout(r, 250));
      }
      expect(fresh.seen.logins).toBeGreaterThanOrEqual(2);
      expect(fresh.seen.renewedOn401).toBe(0);
    }, 60_000);
  });

  describe('platform trouble (sandbox only: needs fault knobs)', () => {
    afterEach(() => {
      target.sandbox?.setKnobs(target.startKnobs!);
    });

    it.skipIf(external)('answers 429 with Retry-After in seconds when rate limited', async () => {
      const token = await api.token();
      target.sandbox!.setKnobs({ rateLimitPerSecond: 1 });
      const answers: Answer[] = [];
      for (let i = 0; i < 3; i++) answers.push(await api.send('GET', '/isps', { token, waitOnRateLimit: false }));
      const limited = answers.find((a) => a.status === 429);
      expect(limited).toBeDefined();
      expectEnvelope(limited!, 429, 'RATE_LIMITED');
      expect(Number(limited!.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    });

    it.skipIf(external)('answers 5xx with the envelope on platform trouble', async () => {
      const token = await api.token();
      target.sandbox!.setKnobs({ failNext: 1 });
      const answer = await api.send('GET', '/isps', { token });
      expect(answer.status).toBeGreaterThanOrEqual(500);
      expect(answer.body.status).toBe('error');
    });

    it.skipIf(external)('stops accepting a token after ExpiresIn', async () => {
      target.sandbox!.setKnobs({ tokenLifetimeSeconds: 2 });
      const answer = await api.authenticate();
      const { AccessToken, ExpiresIn } = authenticationSchema.parse(answer.body);
      // Whole seconds: the token lives between 1 and 2 s from now.
      expect(ExpiresIn - Date.now() / 1000).toBeLessThanOrEqual(2);
      expect((await api.send('GET', '/isps', { token: AccessToken })).status).toBe(200);
      await new Promise((r) => setTimeout(r, Math.max(0, ExpiresIn * 1000 - Date.now()) + 50));
      expectEnvelope(await api.send('GET', '/isps', { token: AccessToken }), 401, 'UNAUTHORIZED');
    });

    it.skipIf(external)('holds a request without answering', async () => {
      const token = await api.token();
      target.sandbox!.setKnobs({ timeoutRate: 1 });
      await expect(api.send('GET', '/isps', { token, timeoutMs: 200 })).rejects.toThrow();
    });

    it.skipIf(external)('drops connections while offline', async () => {
      const token = await api.token();
      target.sandbox!.setKnobs({ offline: true });
      await expect(api.send('GET', '/isps', { token })).rejects.toThrow();
    });
  });
});
