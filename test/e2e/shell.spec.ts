import { E2E_TOKEN } from '../../playwright.config';
import { appPath, expect, expectNoSeriousA11y, openApp, screenshot, test } from './fixtures';

const sections = [
  { menu: 'Painel', heading: 'Painel', file: '01-painel' },
  { menu: 'Plataformas de Conteúdo', heading: 'Plataformas de Conteúdo', file: '02-plataformas-de-conteudo' },
  { menu: 'Pacotes', heading: 'Pacotes', file: '03-pacotes' },
  { menu: 'Serviços/Planos', heading: 'Serviços/Planos', file: '04-servicos-planos' },
  { menu: 'Backup e restauração', heading: 'Backup e restauração', file: '04b-backup' },
  { menu: 'Clientes', heading: 'Clientes', file: '05-clientes' },
  { menu: 'Importar do ERP', heading: 'Importar do ERP', file: '05b-importar' },
  { menu: 'Transmissões', heading: 'Transmissões', file: '06-transmissoes' },
  { menu: 'Histórico', heading: 'Histórico', file: '07-historico' },
];

test('every section opens from the ERP-style menu, in Portuguese, with no serious accessibility violation', async ({ page }) => {
  await openApp(page);
  await expect(page.getByRole('status', { name: 'Barra de status' })).toContainText('Cofre de desenvolvimento');
  await expect(page.getByRole('status', { name: 'Barra de status' })).toContainText('Online');
  // The token traded for a cookie leaves the address bar.
  expect(page.url()).not.toContain('token=');

  for (const s of sections) {
    await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: s.menu, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1, name: s.heading })).toBeVisible();
    await expect(page).toHaveTitle(`${s.heading} · SVA Desk`);
    await screenshot(page, s.file);
    await expectNoSeriousA11y(page);
  }
});

test('the menu is usable from the keyboard', async ({ page }) => {
  await openApp(page);
  const link = page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Clientes', exact: true });
  await link.focus();
  await page.keyboard.press('Enter');
  await expect(page.getByRole('heading', { level: 1, name: 'Clientes' })).toBeVisible();
});

test('an unknown address says so and offers the way back', async ({ page }) => {
  await openApp(page, '/nao-existe');
  await expect(page.getByRole('heading', { name: 'Página não encontrada' })).toBeVisible();
});

test('the host refuses a request without the session token, and a cookie is no token', async ({ request, baseURL }) => {
  const noToken = await request.post(`${baseURL}/api/app.info`, { data: {} });
  expect(noToken.status()).toBe(403);
  expect((await noToken.json()).message).toContain('endereço com o token de sessão');
  const cookieOnly = await request.post(`${baseURL}/api/app.info`, { data: {}, headers: { Cookie: `sva_session=${E2E_TOKEN}` } });
  expect(cookieOnly.status()).toBe(403);
  // the page itself holds no data: it loads without a token and sets no cookie
  const page = await request.get(`${baseURL}/`);
  expect(page.status()).toBe(200);
  expect(page.headers()['set-cookie']).toBeUndefined();
});

test('the token leaves the address bar, travels as Bearer, and survives a reload of the tab', async ({ page }) => {
  const auth: (string | undefined)[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/')) auth.push(r.headers().authorization);
    expect(r.url()).not.toContain(E2E_TOKEN);
  });
  await openApp(page, '/clientes');
  await expect(page.getByRole('heading', { level: 1, name: 'Clientes' })).toBeVisible();
  expect(page.url()).not.toContain('token');
  expect(page.url()).toMatch(/#\/clientes$/);
  await page.reload();
  await expect(page.getByRole('heading', { level: 1, name: 'Clientes' })).toBeVisible();
  await expect(page.getByRole('status', { name: 'Barra de status' })).toContainText('SVA Desk 0.');
  // the printed address pasted into this tab again changes only the hash: adopted without a reload
  await page.goto(appPath('/historico'));
  await expect(page.getByRole('heading', { level: 1, name: 'Histórico' })).toBeVisible();
  expect(page.url()).toMatch(/#\/historico$/);
  expect(auth.length).toBeGreaterThan(0);
  expect(auth.every((a) => a === `Bearer ${E2E_TOKEN}`)).toBe(true);
  expect(await page.context().cookies()).toEqual([]);
});

test('opened without the token, the page says how to open it', async ({ page }) => {
  await page.setViewportSize({ width: 1366, height: 768 });
  await page.goto('/');
  await expect(page.getByRole('status', { name: 'Barra de status' })).toContainText('Sessão não reconhecida: abra o SVA Desk pelo endereço impresso no terminal');
  await screenshot(page, '00-sem-sessao');
});
