import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { addSandboxIntegration, expect, expectNoSeriousA11y, openApp, screenshot } from './fixtures';
import { hostCommand, test } from './own-host';

const LIST = '/configuracoes/integracoes/plataformas-de-conteudo';

/** Every file under a folder (the host's store, vault and log). */
function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

test('a new user adds a Sandbox integration, tests it, syncs the products and sees them (S1, S4)', async ({ page, ownHost }) => {
  await openApp(page, LIST);
  await expect(page.getByText('Nenhuma integração cadastrada')).toBeVisible();
  await screenshot(page, '10-integracoes-vazia');

  await page.getByRole('link', { name: 'Adicionar' }).click();
  await expect(page.getByText('Cada pacote entrega um único produto da Campsoft')).toBeVisible();
  await screenshot(page, '11-wizard-plataforma');
  await page.getByRole('button', { name: 'Próximo', exact: true }).click();

  // Blank credentials: clear messages next to the fields, and the wizard stays put.
  await page.locator('label').filter({ hasText: /^Sandbox$/ }).click();
  await page.getByRole('button', { name: 'Próximo', exact: true }).click();
  await expect(page.getByText('Informe a ApiKey (Chave da API) recebida da Campsoft.')).toBeVisible();
  await expect(page.getByText('Informe a ApiSecret (Senha da API) recebida da Campsoft.')).toBeVisible();
  await screenshot(page, '12-wizard-conexao-erros');
  await expectNoSeriousA11y(page);

  await page.getByLabel('Descrição').fill('Campsoft Leitura (Sandbox)');
  await page.getByRole('button', { name: 'Preencher credenciais de demonstração do sandbox' }).click();
  // the eye button of the ApiSecret speaks Portuguese too
  await expect(page.getByRole('button', { name: 'Mostrar ou ocultar a senha' })).toHaveCount(1);
  await page.getByRole('button', { name: 'Próximo', exact: true }).click();
  await expect(page.getByRole('switch', { name: 'Habilitar/Suspender Assinaturas' })).toBeChecked();
  await expect(page.getByRole('combobox', { name: 'Licença para Suspenso por Débito' })).toHaveValue('Suspensa');
  await screenshot(page, '13-wizard-assinaturas');
  await page.getByRole('button', { name: 'Próximo', exact: true }).click();

  await page.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(page.getByText('Conexão funcionando')).toBeVisible();
  await expect(page.getByText('Provedor Sandbox', { exact: false })).toBeVisible();
  await screenshot(page, '14-wizard-teste-ok');
  await page.getByRole('button', { name: 'Salvar', exact: true }).click();

  await expect(page.getByRole('heading', { name: 'Produtos de "Campsoft Leitura (Sandbox)"' })).toBeVisible();
  await page.getByRole('button', { name: 'Sincronizar' }).click();
  await expect(page.getByText('Sincronização concluída')).toBeVisible();
  await expect(page.getByRole('cell', { name: '1192001', exact: true })).toBeVisible();
  await screenshot(page, '15-produtos-sincronizados');
  await expectNoSeriousA11y(page);

  await page.getByRole('link', { name: 'Voltar às integrações' }).click();
  const row = page.getByRole('row', { name: /Campsoft Leitura \(Sandbox\)/ });
  await expect(row).toContainText('••••');
  await expect(row).toContainText('Sandbox');
  await screenshot(page, '16-integracoes-lista');

  // The host recorded the test made in the wizard and the sync, for the Histórico screen.
  const history = await hostCommand<{ events: { message: string }[] }>(ownHost, page.request, 'history.list', { limit: 100 });
  expect(history.events.map((e) => e.message)).toEqual(
    expect.arrayContaining([expect.stringMatching(/^Conexão testada: Provedor Sandbox/), expect.stringMatching(/^Produtos sincronizados: \d+ novos/)]),
  );
});

test('wrong credentials get a Portuguese message that says what to do, and nothing is saved', async ({ page }) => {
  await openApp(page, `${LIST}/nova`);
  await page.getByRole('button', { name: 'Próximo', exact: true }).click();
  await page.getByLabel('Descrição').fill('Credenciais erradas');
  await page.locator('label').filter({ hasText: /^Sandbox$/ }).click();
  await page.getByLabel('ApiKey (Chave da API)').fill('chave-errada');
  await page.getByLabel('ApiSecret (Senha da API)').fill('segredo-errado');
  await page.getByRole('button', { name: 'Próximo', exact: true }).click();
  await page.getByRole('button', { name: 'Próximo', exact: true }).click();
  await page.getByRole('button', { name: 'Testar conexão' }).click();
  await expect(page.getByText('A conexão falhou')).toBeVisible();
  await expect(page.getByText(/recusou a ApiKey\/ApiSecret/)).toBeVisible();
  await screenshot(page, '18-wizard-teste-falhou');
  await page.getByRole('button', { name: 'Cancelar' }).or(page.getByRole('button', { name: 'Voltar' })).first().click();
  await openApp(page, LIST);
  await expect(page.getByText('Credenciais erradas')).toHaveCount(0);
});

test('a custom address that is not https (http:// outside this computer, htp://, ftp://) is refused at the field, before anything is saved', async ({ page }) => {
  await openApp(page, `${LIST}/nova`);
  await page.getByRole('button', { name: 'Próximo', exact: true }).click();
  await page.getByLabel('Descrição').fill('Homologação insegura');
  await page.locator('label').filter({ hasText: /^Personalizado$/ }).click();
  await page.getByLabel('ApiKey (Chave da API)').fill('k');
  await page.getByLabel('ApiSecret (Senha da API)').fill('s');
  const address = page.getByLabel('Endereço da API');
  for (const [url, said] of [
    ['ftp://api.exemplo.com.br/svas/v1', /precisa começar com https:\/\/ \(recebido ftp:\/\/\)/],
    ['htp://api.exemplo.com.br/svas/v1', /precisa começar com https:\/\/ \(recebido htp:\/\/\)/],
    ['http://api.exemplo.com.br/svas/v1', /usa http:\/\/, que enviaria a ApiSecret sem criptografia/],
  ] as const) {
    await address.fill(url);
    await page.getByRole('button', { name: 'Próximo', exact: true }).click();
    // Refused on the Conexão step itself: the message is at the field and the step is not checked.
    await expect(address).toHaveAccessibleDescription(said);
    await expect(page.getByRole('button', { name: /Conexão\s*Ambiente e credenciais/ })).not.toHaveAttribute('data-completed');
  }
  await screenshot(page, '19-wizard-url-insegura');
  await openApp(page, LIST);
  await expect(page.getByText('Homologação insegura')).toHaveCount(0);
});

test('the ApiSecret appears nowhere the renderer can reach: IndexedDB, localStorage, DOM, command results, events, logs', async ({ page, ownHost }) => {
  const SECRET = 'sandbox-secret';
  const bodies: string[] = [];
  page.on('response', async (r) => {
    // sandbox.info hands out the sandbox's public demo pair (printed in the README): that is its job.
    if (r.url().includes('/api/') && !r.url().endsWith('/api/events') && !r.url().endsWith('/api/sandbox.info')) bodies.push(await r.text().catch(() => ''));
  });
  await page.addInitScript(() => {
    // Collect every pushed event the renderer could receive: the event stream is a fetch the page
    // reads; a copy of it is kept in sessionStorage, so the events of earlier page loads count too.
    const original = window.fetch;
    window.fetch = async (input, init) => {
      const res = await original(input, init);
      const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
      if (!url.endsWith('/api/events') || !res.body) return res;
      const [copy, page] = res.body.tee();
      void (async () => {
        const reader = copy.pipeThrough(new TextDecoderStream()).getReader();
        for (;;) {
          const { done, value } = await reader.read();
          if (done) return;
          sessionStorage.setItem('e2e.events', (sessionStorage.getItem('e2e.events') ?? '') + value);
        }
      })();
      return new Response(page, { status: res.status, statusText: res.statusText, headers: res.headers });
    };
  });

  await addSandboxIntegration(page, 'Cofre à prova');
  await openApp(page, LIST);
  await page.getByRole('button', { name: 'Ações de Cofre à prova' }).click();
  await page.getByRole('menuitem', { name: 'Editar' }).click();
  await page.getByRole('button', { name: 'Próximo', exact: true }).click();
  await expect(page.getByText(/Credenciais salvas: ApiKey ••••/)).toBeVisible();
  await expect(page.getByLabel('ApiSecret (Senha da API)')).toHaveValue('');

  const dump = await page.evaluate(async () => {
    const dbs = await indexedDB.databases();
    const out: unknown[] = [];
    for (const info of dbs) {
      const db = await new Promise<IDBDatabase>((res, rej) => {
        const req = indexedDB.open(info.name!);
        req.onsuccess = () => res(req.result);
        req.onerror = () => rej(req.error);
      });
      for (const store of Array.from(db.objectStoreNames)) {
        const rows = await new Promise<unknown[]>((res) => {
          const req = db.transaction(store).objectStore(store).getAll();
          req.onsuccess = () => res(req.result);
        });
        out.push(store, rows);
      }
      db.close();
    }
    return JSON.stringify({ idb: out, local: { ...localStorage }, session: { ...sessionStorage }, dom: document.documentElement.outerHTML });
  });
  expect(dump).toContain('Cofre à prova'); // the dump really holds the workspace
  expect(dump).toContain('event: products.progress'); // and the events pushed while it synced
  expect(dump).not.toContain(SECRET);
  expect(bodies.length).toBeGreaterThan(3);
  expect(bodies.join('\n')).not.toContain(SECRET);
  // The host's files: the store (the office's record) and the log hold no secret; the vault's is ciphered.
  const files = filesUnder(ownHost.dataDir);
  expect(files.some((f) => f.endsWith('.sqlite') || f.endsWith('.db'))).toBe(true);
  for (const f of files) expect(readFileSync(f).toString('latin1'), f).not.toContain(SECRET);
  await screenshot(page, '19b-editar-credenciais-salvas');
});
