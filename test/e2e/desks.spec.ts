import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from '@playwright/test';
import { startBrowserHost } from '../../electron/web/browser-host';
import { DATABASE_VAULT_ID } from '../../electron/host/services/database';
import { DESK_FILE } from '../../electron/host/services/settings';
import type { PgConnection } from '../../electron/host/store/postgres';
import { createDevelopmentCipher, createVault } from '../../electron/host/vault';
import { E2E_TOKEN } from '../../playwright.config';
import { createDatabase, removeCluster, startPostgres, TEST_PASSWORD, type PgServer } from '../support/postgres';
import { appPath, expect, expectNoSeriousA11y, screenshot, test } from './fixtures';

/**
 * Issue 12 end to end: two browser hosts (two data folders, two vaults, two clerks) and one
 * PostgreSQL on loopback. Desk A moves its record to the server through Configurações › Banco de
 * dados; desk B, already on the server, sees A's import in its list without reloading; B saving over
 * A's newer edit gets the conflict message; the server stops (both status bars say so, writes are
 * refused) and starts again (both resume by themselves).
 */
type Desk = { origin: string; dataDir: string; close(): Promise<void> };

let cluster: PgServer;
let office: PgConnection;
const desks: Desk[] = [];

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  cluster = await startPostgres();
  office = await createDatabase(cluster.admin, 'office');
});

test.afterAll(async () => {
  for (const d of desks.splice(0)) await d.close();
  removeCluster(cluster);
});

async function startDesk(clerk: string, onServer: boolean): Promise<Desk> {
  const dataDir = mkdtempSync(join(tmpdir(), 'sva-e2e-desk-'));
  const server = { host: office.host, port: office.port, database: office.database, user: office.user, tls: false };
  writeFileSync(join(dataDir, DESK_FILE), JSON.stringify({ version: 1, clerk, ...(onServer && { database: { server, use: true } }) }));
  if (onServer) createVault({ dataDir, cipher: createDevelopmentCipher(dataDir) }).save(DATABASE_VAULT_ID, { baseUrl: 'postgres://office', apiKey: office.user, apiSecret: office.password });
  const running = await startBrowserHost({ staticDir: resolve('out/renderer'), dataDir, version: '0.0.0-e2e', token: E2E_TOKEN });
  await running.ready;
  const desk = {
    origin: running.web.origin,
    dataDir,
    close: async () => {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  desks.push(desk);
  return desk;
}

async function openDesk(browser: Browser, desk: Desk, hash = ''): Promise<Page> {
  const context = await browser.newContext({ baseURL: desk.origin, viewport: { width: 1366, height: 768 }, locale: 'pt-BR', timezoneId: 'America/Sao_Paulo' });
  const page = await context.newPage();
  await page.goto(appPath(hash));
  await expect(page.getByRole('status', { name: 'Barra de status' })).toContainText('SVA Desk 0.');
  return page;
}

async function command<T>(page: Page, desk: Desk, name: string, input: unknown): Promise<T> {
  const r = await page.request.post(`${desk.origin}/api/${name}`, { headers: { Authorization: `Bearer ${E2E_TOKEN}` }, data: input });
  const body = (await r.json()) as { ok: boolean; data?: T; message?: string };
  if (!body.ok) throw new Error(`${name}: ${body.message}`);
  return body.data as T;
}

test('two desks, one office server: move, see each other, conflicts, the server away and back', async ({ browser }) => {
  test.setTimeout(240_000);
  // Desk A starts on its own computer, with a plan of its own.
  const deskA = await startDesk('Ana (balcão 1)', false);
  const a = await openDesk(browser, deskA, '/configuracoes/banco-de-dados');
  const plan = await command<{ id: number }>(a, deskA, 'plans.save', { values: { name: 'Fibra 300', priceCents: 9990, defaultPackages: [], lockPackages: false } });

  await expect(a.getByRole('heading', { name: 'Onde ficam os dados desta mesa' })).toBeVisible();
  await a.getByRole('radio', { name: /Servidor do escritório \(PostgreSQL\)/ }).check();
  await a.getByRole('textbox', { name: 'Servidor' }).fill(office.host);
  await a.getByRole('textbox', { name: 'Porta' }).fill(String(office.port));
  await a.getByRole('textbox', { name: 'Banco de dados' }).fill(office.database);
  await a.getByRole('textbox', { name: 'Usuário' }).fill(office.user);
  await a.getByLabel('Senha').fill('senha-errada');
  await a.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(a.getByRole('alert')).toContainText(`Usuário "${office.user}" ou senha recusados pelo servidor.`);
  await a.getByLabel('Senha').fill(TEST_PASSWORD);
  await a.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(a.getByText(/Conectado ao PostgreSQL \d+.*não tem dados do SVA Desk/)).toBeVisible();
  await a.getByRole('checkbox', { name: 'Mover este espaço de trabalho para o servidor' }).check();
  await screenshot(a, 'desks-01-banco-de-dados');
  await expectNoSeriousA11y(a);
  await a.getByRole('button', { name: 'Mover e usar o servidor' }).click();
  await expect(a.getByText(/Copiado para o servidor: .*1 plano/).first()).toBeVisible();
  const barA = a.getByRole('status', { name: 'Barra de status' });
  await expect(barA).toContainText('Servidor do escritório · 1 mesa', { timeout: 20_000 });

  // Desk B, already on the server: it sees what A moved, and A's import without reloading.
  const deskB = await startDesk('Bruno (balcão 2)', true);
  const b = await openDesk(browser, deskB, '/clientes');
  const barB = b.getByRole('status', { name: 'Barra de status' });
  await expect(barB).toContainText('Servidor do escritório · 2 mesas');
  await expect(b.getByText('Nenhum cliente cadastrado')).toBeVisible();

  await a.goto(appPath('/importacao'));
  await a.locator('input[type=file]').setInputFiles('test/fixtures/erp/hubsoft-clientes.csv');
  await a.getByRole('button', { name: 'Validar e ver prévia' }).click();
  await a.getByRole('button', { name: 'Confirmar importação' }).click();
  await expect(a.getByText('Importação concluída')).toBeVisible();
  await expect(b.getByText('Padaria Pão de Açúcar Ltda')).toBeVisible();
  await screenshot(b, 'desks-02-importacao-de-outra-mesa');

  // B edits the plan; A saves a newer version first; B's save is refused, naming Ana.
  await b.goto(appPath('/configuracao/geral/servicos-planos'));
  await b.getByRole('link', { name: 'Editar Fibra 300', exact: true }).click();
  const name = b.getByRole('textbox', { name: 'Nome do plano' });
  await expect(name).toHaveValue('Fibra 300');
  const current = await command<{ version: number }>(a, deskA, 'plans.get', { id: plan.id });
  await command(a, deskA, 'plans.save', { id: plan.id, version: current.version, values: { name: 'Fibra 300', priceCents: 10990, defaultPackages: [], lockPackages: false } });
  await name.fill('Fibra 300 Promo');
  await b.getByRole('button', { name: 'Salvar plano' }).click();
  await expect(b.getByText(/Este plano foi alterado por Ana \(balcão 1\) em .*depois que você abriu/)).toBeVisible();
  await screenshot(b, 'desks-03-conflito');

  // The server stops: both bars say so, a write is refused with nothing lost; it comes back by itself.
  cluster.stop();
  await expect(barA).toContainText('Servidor do escritório indisponível', { timeout: 30_000 });
  await expect(barB).toContainText('Servidor do escritório indisponível', { timeout: 30_000 });
  await screenshot(b, 'desks-04-servidor-indisponivel');
  const refused = await b.request.post(`${deskB.origin}/api/plans.save`, {
    headers: { Authorization: `Bearer ${E2E_TOKEN}` },
    data: { values: { name: 'Fibra 50', priceCents: 4990, defaultPackages: [], lockPackages: false } },
  });
  expect(await refused.json()).toMatchObject({ ok: false, code: 'STORE_UNAVAILABLE', message: expect.stringMatching(/^Servidor do escritório indisponível: nada foi gravado/) });

  cluster.start();
  await expect(barA).toContainText('Servidor do escritório · 2 mesas', { timeout: 60_000 });
  await expect(barB).toContainText('Servidor do escritório · 2 mesas', { timeout: 60_000 });
  await expect
    .poll(async () => (await (await b.request.post(`${deskB.origin}/api/plans.save`, { headers: { Authorization: `Bearer ${E2E_TOKEN}` }, data: { values: { name: 'Fibra 50', priceCents: 4990, defaultPackages: [], lockPackages: false } } })).json()).ok, { timeout: 30_000 })
    .toBe(true);
  await a.goto(appPath('/configuracao/geral/servicos-planos'));
  await expect(a.getByText('Fibra 50')).toBeVisible();
});
