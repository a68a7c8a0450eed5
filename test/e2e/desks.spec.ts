import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import type { Browser, Page } from '@playwright/test';
import { startBrowserHost } from '../../electron/web/browser-host';
import { SANDBOX_API_KEY, SANDBOX_API_SECRET, startSandbox, type Sandbox } from '../../electron/host/sandbox';
import { DATABASE_VAULT_ID } from '../../electron/host/services/database';
import { DESK_FILE } from '../../electron/host/services/settings';
import type { PgConnection } from '../../electron/host/store/postgres';
import { createDevelopmentCipher, createVault } from '../../electron/host/vault';
import { E2E_TOKEN } from '../../playwright.config';
import { createDatabase, removeCluster, startPostgres, TEST_PASSWORD, type PgServer } from '../support/postgres';
import { cpfFor } from '../fixtures/documents';
import { appPath, expect, expectNoSeriousA11y, screenshot, test } from './fixtures';
import { importRows, seedOffice, type Row } from './seed-office';

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

/** A desk's data folder: its clerk, and on the server `db` with the password in its vault. */
function deskFolder(clerk: string, db: PgConnection | null): string {
  const dataDir = mkdtempSync(join(tmpdir(), 'sva-e2e-desk-'));
  const server = db && { host: db.host, port: db.port, database: db.database, user: db.user, tls: false };
  writeFileSync(join(dataDir, DESK_FILE), JSON.stringify({ version: 1, clerk, ...(server && { database: { server, use: true } }) }));
  if (db) createVault({ dataDir, cipher: createDevelopmentCipher(dataDir) }).save(DATABASE_VAULT_ID, { baseUrl: 'postgres://office', apiKey: db.user, apiSecret: db.password });
  return dataDir;
}

async function startDesk(clerk: string, onServer: boolean, db: PgConnection = office): Promise<Desk> {
  const dataDir = deskFolder(clerk, onServer ? db : null);
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

/** A desk whose host runs in a process of its own (desk-host.child.ts), so the test can kill -9 it; its claims last `leaseMs`. */
async function startDeskProcess(clerk: string, db: PgConnection, leaseMs: number): Promise<Desk & { kill(): Promise<void> }> {
  const dataDir = deskFolder(clerk, db);
  const child = spawn(process.execPath, ['--import', 'tsx', join(import.meta.dirname, 'desk-host.child.ts'), dataDir, E2E_TOKEN, String(leaseMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += String(d)));
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const origin = await new Promise<string>((resolveOrigin, reject) => {
    createInterface({ input: child.stdout }).on('line', (l) => l.startsWith('origin ') && resolveOrigin(l.slice('origin '.length)));
    void exited.then(() => reject(new Error(`the desk's host ended: ${stderr.slice(-500)}`)));
  });
  const kill = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const desk = {
    origin,
    dataDir,
    kill,
    close: async () => {
      await kill();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
  desks.push(desk);
  return desk;
}

test('both desks press "Transmitir agora" at the same moment: one creation per licence; desk A killed mid-pass, desk B finishes the pass', async ({ browser }) => {
  test.setTimeout(300_000);
  const sandbox = await startSandbox({ latencyMs: 20 });
  try {
    const db = await createDatabase(cluster.admin, 'office_send');
    // Desk A in a process of its own (killed below), its claims lasting 3 s; desk B in this one.
    const deskA = await startDeskProcess('Ana (balcão 1)', db, 3_000);
    const deskB = await startDesk('Bruno (balcão 2)', true, db);
    const a = await openDesk(browser, deskA, '/transmissoes');
    const b = await openDesk(browser, deskB, '/transmissoes');
    const cmdA = <T,>(name: string, input: unknown) => command<T>(a, deskA, name, input);
    const { integrationId } = await seedOffice(deskA, a.request, { sandboxUrl: sandbox.url, customers: [] });
    // Bruno types the Campsoft credentials once, on his own desk (they stay in his vault).
    await command(b, deskB, 'connection.save', { integrationId, draft: { environment: 'custom', customUrl: sandbox.url, apiKey: SANDBOX_API_KEY, apiSecret: SANDBOX_API_SECRET } });
    await b.goto(appPath('/configuracoes/banco-de-dados'));
    const desksTable = b.getByRole('table', { name: 'Mesas que usam o servidor do escritório' });
    await expect(desksTable.getByRole('row', { name: /Ana \(balcão 1\)/ })).toContainText('Sim');
    await expect(desksTable.getByRole('row', { name: /Bruno \(balcão 2\)/ })).toContainText('Sim');
    await b.goto(appPath('/transmissoes'));

    // 120 services arrive by A's import; A's own pass asks first (over 50 links): Ana postpones it.
    const first = services(0, 120);
    await importRows(cmdA, first);
    const previewA = a.getByRole('dialog', { name: 'Confirmar transmissão' });
    const previewB = b.getByRole('dialog', { name: 'Confirmar transmissão' });
    await expect(previewA).toBeVisible({ timeout: 30_000 });
    await previewA.getByRole('button', { name: 'Adiar' }).click();
    await expect(previewA).toHaveCount(0);

    // Both press "Transmitir agora", both see the 120 links, both confirm at the same moment.
    await Promise.all([a, b].map((p) => pressTransmit(p, 120)));
    await screenshot(b, 'desks-05-transmitir-agora-nas-duas-mesas');
    await Promise.all([previewA, previewB].map((d) => d.getByRole('button', { name: 'Confirmar e transmitir' }).click()));
    await expect.poll(() => Object.keys(sandbox.stats().licenceCreations).length, { timeout: 60_000 }).toBe(120);
    await expect(b.getByRole('button', { name: 'Ativo (120)' })).toBeVisible({ timeout: 30_000 });
    await expect(a.getByRole('button', { name: 'Ativo (120)' })).toBeVisible({ timeout: 30_000 });
    expect(creationsTwice(sandbox)).toEqual([]);
    expect(sandbox.stats().subscribers).toBe(120);

    // 120 more, a slower platform; both confirm again, and Ana's desk dies (kill -9) in the middle of the pass.
    await importRows(cmdA, services(120, 120));
    await expect(previewA).toBeVisible({ timeout: 30_000 });
    await previewA.getByRole('button', { name: 'Adiar' }).click();
    await expect(previewA).toHaveCount(0);
    sandbox.setKnobs({ latencyMs: 150 });
    await Promise.all([a, b].map((p) => pressTransmit(p, 120)));
    await Promise.all([previewA, previewB].map((d) => d.getByRole('button', { name: 'Confirmar e transmitir' }).click()));
    await expect.poll(() => Object.keys(sandbox.stats().licenceCreations).length, { timeout: 60_000 }).toBeGreaterThanOrEqual(130);
    await deskA.kill();
    expect(Object.keys(sandbox.stats().licenceCreations).length).toBeLessThan(240);
    sandbox.setKnobs({ latencyMs: 20 });

    // Bruno's desk takes over the links A held once A's claims expire, and finishes the pass by itself: no licence twice.
    await expect.poll(() => Object.keys(sandbox.stats().licenceCreations).length, { timeout: 90_000 }).toBe(240);
    await expect(b.getByRole('button', { name: 'Ativo (240)' })).toBeVisible({ timeout: 60_000 });
    await expect(previewB).toHaveCount(0);
    await screenshot(b, 'desks-06-mesa-b-terminou');
    expect(creationsTwice(sandbox)).toEqual([]);
    expect(sandbox.stats().subscribers).toBe(240);
  } finally {
    await sandbox.close();
  }
});

/**
 * "Transmitir agora" on a desk's Transmissões, up to its preview of `links` links. A desk's own
 * automatic pass (after its last run, say) may have opened that same preview already: then the
 * question is already on the screen, and the button is under it.
 */
async function pressTransmit(page: Page, links: number): Promise<void> {
  const preview = page.getByRole('dialog', { name: 'Confirmar transmissão' });
  if (!(await preview.isVisible())) await page.getByRole('button', { name: 'Transmitir agora' }).click({ timeout: 5_000 }).catch(() => expect(preview).toBeVisible());
  await expect(preview).toContainText(`de ${links} vínculos`);
}

/** `count` services of the plan seedOffice made (Fibra 300, its package mandatory), from number `from`. */
function services(from: number, count: number): Row[] {
  return Array.from({ length: count }, (_, i) => ({ id: String(70_000 + from + i), name: `Cliente ${from + i + 1}`, document: cpfFor(5_000 + from + i), plan: 'Fibra 300' }));
}

/** Subscribers or licences the sandbox created more than once. */
function creationsTwice(sandbox: Sandbox): string[] {
  const stats = sandbox.stats();
  return [...Object.entries(stats.subscriberCreations), ...Object.entries(stats.licenceCreations)].filter(([, n]) => n > 1).map(([k, n]) => `${k}×${n}`);
}
