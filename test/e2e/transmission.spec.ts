import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { APIRequestContext, Page } from '@playwright/test';
import { E2E_TOKEN } from '../../playwright.config';
import { expect, expectNoSeriousA11y, openApp, screenshot, test } from './fixtures';

/**
 * Issue "Transmission", as a new office would live it on the built-in sandbox: demo data →
 * first transmission (preview) → statuses imported from the ERP suspend and re-enable on the
 * platform → a customer without phone is Bloqueado → offline, a change waits and is sent once.
 */

type Row = { service: string; plan: string; code: string; name: string; document: string; email: string; phone: string };

/** Services whose licence the platform confirmed active, with what an ERP export would print for them. */
async function activeRows(page: Page, n: number, skip = 0): Promise<Row[]> {
  return page.evaluate(
    async ({ n, skip }) => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const r = indexedDB.open('sva-desk');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      const all = <T,>(store: string) =>
        new Promise<T[]>((ok) => {
          const r = db.transaction(store).objectStore(store).getAll();
          r.onsuccess = () => ok(r.result as T[]);
        });
      type L = { serviceId: string; observed: { state: string } };
      type S = { id: string; customerId: number; planId: number; status: string };
      type C = { id: number; code?: string; name: string; document: string; emails: string[]; phones: { ddd: string; number: string }[] };
      type P = { id: number; name: string };
      const [links, services, customers, plans] = await Promise.all([all<L>('links'), all<S>('services'), all<C>('customers'), all<P>('plans')]);
      const active = new Set(links.filter((l) => l.observed.state === 'active').map((l) => l.serviceId));
      const out = [];
      for (const s of services.filter((s) => active.has(s.id) && s.status === 'servico_habilitado').slice(skip, skip + n)) {
        const c = customers.find((x) => x.id === s.customerId)!;
        const p = c.phones[0];
        out.push({
          service: s.id,
          plan: plans.find((x) => x.id === s.planId)!.name,
          code: c.code ?? '',
          name: c.name,
          document: c.document,
          email: c.emails[0],
          phone: p.number.length === 9 ? `(${p.ddd}) ${p.number.slice(0, 5)}-${p.number.slice(5)}` : `(${p.ddd}) ${p.number.slice(0, 4)}-${p.number.slice(4)}`,
        });
      }
      db.close();
      return out;
    },
    { n, skip },
  );
}

function statusFile(rows: Row[], status: string): string {
  const lines = ['id_cliente_servico;codigo_cliente;nome_razaosocial;cpf_cnpj;email_principal;celular;servico;status'];
  for (const r of rows) lines.push([r.service, r.code, r.name, r.document, r.email, r.phone, r.plan, status].join(';'));
  const file = join(tmpdir(), `status-${Date.now()}-${Math.random().toString(36).slice(2)}.csv`);
  writeFileSync(file, lines.join('\n') + '\n', 'utf8');
  return file;
}

async function importStatuses(page: Page, file: string, expectSummary: RegExp) {
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Importar do ERP', exact: true }).click();
  const again = page.getByRole('button', { name: 'Importar outro arquivo' });
  if (await again.isVisible()) await again.click();
  await page.locator('input[type=file]').setInputFiles(file);
  await page.getByRole('button', { name: 'Validar e ver prévia' }).click();
  await expect(page.getByRole('table', { name: 'Resumo da importação' })).toContainText(expectSummary);
}

/** The sandbox as a test sees it: its licences, read through the same API Campsoft documents. */
async function sandbox(request: APIRequestContext, baseURL: string) {
  const info = await (await request.post(`${baseURL}/api/sandbox.info`, { data: {}, headers: { Authorization: `Bearer ${E2E_TOKEN}` } })).json();
  const url: string = info.data.url;
  const auth = await (await request.post(`${url}/authentication`, { data: { ApiKey: info.data.apiKey, ApiSecret: info.data.apiSecret } })).json();
  // Fresh connections: the sandbox's offline knob drops every open socket, kept-alive ones too.
  const headers = { Authorization: `Bearer ${auth.AccessToken}`, Connection: 'close' };
  const origin = new URL(url).origin;
  return {
    /** The status of the contract's licences, when they all agree ('mixed' otherwise). */
    async licenceStatus(contract: string): Promise<string | null> {
      const r = await request.get(`${url}/subscribers/${encodeURIComponent(contract)}`, { headers });
      if (r.status() === 404) return null;
      const statuses = new Set(((await r.json()).licenses as { status: string }[]).map((l) => l.status));
      return statuses.size === 1 ? [...statuses][0] : statuses.size === 0 ? null : 'mixed';
    },
    async licenceCount(contract: string): Promise<number> {
      const r = await request.get(`${url}/subscribers/${encodeURIComponent(contract)}`, { headers });
      return r.status() === 404 ? 0 : ((await r.json()).licenses as unknown[]).length;
    },
    async knobs(knobs: Record<string, unknown>) {
      expect((await request.post(`${origin}/__sandbox/knobs`, { data: knobs, headers: { Connection: 'close' } })).ok()).toBe(true);
    },
    async stats() {
      return (await request.get(`${origin}/__sandbox/stats`, { headers: { Connection: 'close' } })).json();
    },
  };
}

test('transmits, suspends for debt, re-enables on payment, blocks without phone, and sends an offline change once', async ({ page, request, baseURL }) => {
  test.setTimeout(240_000);
  await openApp(page);
  await page.getByRole('button', { name: 'Carregar dados de demonstração' }).click();

  // ~200 services at once: over the threshold, so the office confirms first.
  const preview = page.getByRole('dialog', { name: 'Confirmar transmissão' });
  await expect(preview).toBeVisible({ timeout: 30_000 });
  await expect(preview).toContainText('Criar assinante e licença');
  await screenshot(page, '30-transmissao-previa');
  await preview.getByRole('button', { name: 'Confirmar e transmitir' }).click();

  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Transmissões', exact: true }).click();
  // Done when nothing is pending or being sent. The links the platform refused for good (a customer
  // with two services: Campsoft binds a CPF to one contract, 409) are Erro with the reason — and
  // only Erro: each link is counted in exactly one state, so the counters add up to the links.
  const count = async (label: string) => Number(/\((\d+)\)/.exec((await page.getByRole('button', { name: new RegExp(`^${label} \\(\\d+\\)$`) }).textContent()) ?? '')?.[1]);
  await expect.poll(async () => (await count('Pendente')) + (await count('Enviando')), { timeout: 60_000 }).toBe(0);
  expect(await count('Ativo')).toBeGreaterThan(100);
  const states = ['Pendente', 'Enviando', 'Ativo', 'Suspenso', 'Cancelado', 'Bloqueado', 'Erro', 'Nada a enviar'];
  const total = (await Promise.all(states.map(count))).reduce((a, b) => a + b, 0);
  const links = await page.evaluate(
    () =>
      new Promise<number>((ok) => {
        const r = indexedDB.open('sva-desk');
        r.onsuccess = () => {
          const c = r.result.transaction('links').objectStore('links').count();
          c.onsuccess = () => ok(c.result);
        };
      }),
  );
  expect(total).toBe(links);
  await screenshot(page, '31-transmissoes');
  await expectNoSeriousA11y(page);

  const platform = await sandbox(request, baseURL!);
  const [first, second, third] = await activeRows(page, 3);
  expect(await platform.licenceStatus(first.service)).toBe('active');

  // S9: a customer without phone is never sent, and says why.
  await page.getByRole('button', { name: /^Bloqueado \(\d+\)$/ }).click();
  await expect(page.getByText(/Cliente sem (telefone|e-mail) cadastrado/).first()).toBeVisible();
  await screenshot(page, '32-bloqueados');

  // The ERP says three customers are now suspenso_debito (S2): the import's diff is the preview.
  await importStatuses(page, statusFile([first, second, third], 'Suspenso por Débito'), /Suspensões[^\d]*3/);
  await screenshot(page, '33-importacao-suspensoes');
  await page.getByRole('button', { name: 'Confirmar importação' }).click();
  await expect(page.getByText('Importação concluída')).toBeVisible();
  for (const r of [first, second, third]) await expect.poll(() => platform.licenceStatus(r.service), { timeout: 30_000 }).toBe('suspended');

  // One pays: back to Serviço Habilitado → re-enabled.
  await importStatuses(page, statusFile([first], 'Serviço Habilitado'), /Reabilitações[^\d]*1/);
  await page.getByRole('button', { name: 'Confirmar importação' }).click();
  await expect.poll(() => platform.licenceStatus(first.service), { timeout: 30_000 }).toBe('active');
  expect(await platform.licenceStatus(second.service)).toBe('suspended');

  // Offline: the platform stops answering; the office learns it on the next call.
  const [fourth] = await activeRows(page, 1, 3);
  const fourthLicences = await platform.licenceCount(fourth.service);
  const pendingText = async () => Number(/(\d+) pendente/.exec((await bar.textContent()) ?? '')?.[1] ?? 0);
  const bar = page.getByRole('status', { name: 'Barra de status' });
  const pendingBefore = await pendingText();
  await platform.knobs({ offline: true });
  await openApp(page, '/configuracoes/integracoes/plataformas-de-conteudo');
  await page.getByRole('button', { name: /^Ações de / }).first().click();
  await page.getByRole('menuitem', { name: 'Testar' }).click();
  await expect(bar).toContainText('Campsoft inacessível', { timeout: 30_000 });

  const patchesBefore = (await platform.stats()).requests?.['PATCH /subscribers/:contract_identifier/licenses/:label'] ?? 0;
  await importStatuses(page, statusFile([fourth], 'Suspenso por Débito'), /Suspensões[^\d]*1/);
  await page.getByRole('button', { name: 'Confirmar importação' }).click();
  // Nothing is sent while offline: the change waits, counted in the status bar.
  await expect.poll(pendingText, { timeout: 15_000 }).toBe(pendingBefore + fourthLicences);
  await screenshot(page, '34-offline-pendente');

  await platform.knobs({ offline: false });
  await expect(bar).toContainText('Online', { timeout: 30_000 });
  await expect.poll(() => platform.licenceStatus(fourth.service), { timeout: 30_000 }).toBe('suspended');
  await expect.poll(pendingText, { timeout: 15_000 }).toBe(pendingBefore);
  // Exactly once: one PATCH per licence of that contract, none while offline, none repeated.
  const patchesAfter = (await platform.stats()).requests?.['PATCH /subscribers/:contract_identifier/licenses/:label'] ?? 0;
  expect(patchesAfter - patchesBefore).toBe(fourthLicences);

  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Histórico', exact: true }).click();
  await expect(page.getByText(/Licença suspensa:/).first()).toBeVisible();
  await screenshot(page, '35-historico-transmissoes');
});
