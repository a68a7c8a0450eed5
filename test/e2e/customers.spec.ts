import { readFile } from 'node:fs/promises';
import type { APIRequestContext, Page } from '@playwright/test';
import type { CustomerRecord, IntegrationRecord, PackageRecord, PlanRecord } from '../../shared/contract';
import { cpfFor } from '../fixtures/documents';
import { addSandboxIntegration, expect, expectNoSeriousA11y, openApp, screenshot } from './fixtures';
import { hostCommand, test, type OwnHost } from './own-host';

test.setTimeout(240_000);

/**
 * The catalogue the customer screens need, made through the host's commands on this test's own
 * host: the sandbox integration (its products synced, through the screens), three packages and two
 * plans (Fibra 300: Leitura mandatory, Kids optional; Fibra 500 Travado: only Cursos).
 */
async function seedCatalogue(page: Page, ownHost: OwnHost) {
  await addSandboxIntegration(page);
  const run = <T,>(name: string, input: unknown) => hostCommand<T>(ownHost, page.request, name, input);
  const [integration] = await run<IntegrationRecord[]>('integrations.list', {});
  const products = await run<{ code: string }[]>('products.list', { integrationId: integration.id });
  const pkg = (name: string, label: string, code: string) =>
    run<PackageRecord>('packages.save', {
      values: { name, kind: 'avulso', priceCents: 1490, composition: [{ description: name, fiscalKind: 'SVA', amountCents: 1490 }], integrationId: integration.id, productCode: code, label },
    });
  const leitura = await pkg('Leitura Digital', 'campsoft-leitura-digital', products[0].code);
  const kids = await pkg('Kids Livros', 'campsoft-kids-livros', products[1 % products.length].code);
  const cursos = await pkg('Cursos Online', 'campsoft-cursos-online', products[2 % products.length].code);
  const plan = (name: string, lockPackages: boolean, defaultPackages: { packageId: number; mandatory: boolean }[]) =>
    run<PlanRecord>('plans.save', { values: { name, priceCents: 9990, defaultPackages, lockPackages } });
  await plan('Fibra 300', false, [
    { packageId: leitura.id, mandatory: true },
    { packageId: kids.id, mandatory: false },
  ]);
  const travado = await plan('Fibra 500 Travado', true, [{ packageId: cursos.id, mandatory: false }]);
  return { travado };
}

/** Customers as an import would bring them: `count` of them, ten at a time. */
async function seedCustomers(ownHost: OwnHost, request: APIRequestContext, count: number) {
  for (let i = 0; i < count; i += 10) {
    await Promise.all(
      Array.from({ length: Math.min(10, count - i) }, (_, k) => {
        const n = i + k + 1;
        return hostCommand(ownHost, request, 'customers.save', {
          values: { name: `Cliente Exemplo ${String(n).padStart(3, '0')}`, document: cpfFor(1000 + n), code: String(5000 + n), emails: [`cliente${n}@exemplo.com.br`], phones: ['(11) 91234-5678'] },
        });
      }),
    );
  }
}

async function choose(page: Page, label: RegExp, option: RegExp) {
  await page.getByRole('combobox', { name: label }).click();
  await page.getByRole('option', { name: option }).click();
}

test('a clerk registers a customer with an alphanumeric CNPJ, adds services and links packages (S8–S12)', async ({ page, ownHost }) => {
  await openApp(page, '/clientes');
  await expect(page.getByRole('heading', { name: 'Nenhum cliente cadastrado ainda' })).toBeVisible();
  await screenshot(page, 'customers-01-empty');
  await expectNoSeriousA11y(page);

  const { travado } = await seedCatalogue(page, ownHost);
  await openApp(page, '/clientes');

  // Customer with the 2026 alphanumeric CNPJ, masked as typed
  await page.getByRole('link', { name: 'Adicionar cliente' }).click();
  await page.getByLabel('Nome / Razão social').fill('Livraria Açaí Ltda');
  await page.getByLabel('CPF/CNPJ').pressSequentially('12abc34501de35');
  await expect(page.getByLabel('CPF/CNPJ')).toHaveValue('12.ABC.345/01DE-35');
  await page.getByLabel('E-mail', { exact: true }).fill('contato@acai.com.br');
  await page.getByLabel('Telefone', { exact: true }).fill('11912345678');
  await expect(page.getByText('Celular · DDI 55 · DDD 11 · número 91234-5678')).toBeVisible();
  await screenshot(page, 'customers-02-form');
  await expectNoSeriousA11y(page);
  await page.getByRole('button', { name: 'Salvar cliente' }).click();

  await expect(page.getByRole('heading', { level: 2, name: 'Livraria Açaí Ltda' })).toBeVisible();
  await expect(page.getByText('12.ABC.345/01DE-35')).toBeVisible();

  // S8/S11: a service on a plan with a mandatory default package
  await page.getByRole('button', { name: 'Adicionar serviço' }).click();
  const add = page.getByRole('dialog', { name: 'Adicionar serviço' });
  await add.getByLabel('id_cliente_servico').fill('10001');
  await choose(page, /Serviço\/Plano/, /Fibra 300/);
  await expect(add.getByRole('checkbox', { name: /Leitura Digital/ })).toBeChecked();
  await expect(add.getByRole('checkbox', { name: /Leitura Digital/ })).toBeDisabled();
  await expect(add.getByText('Obrigatório', { exact: true })).toBeVisible();
  await screenshot(page, 'customers-03-add-service');
  await expectNoSeriousA11y(page);
  await add.getByRole('button', { name: 'Adicionar serviço' }).click();
  const first = page.getByRole('table', { name: 'Pacotes do serviço 10001' });
  // Linked: the host's state, waiting for the pass or already sent to the sandbox
  await expect(first.getByRole('row', { name: /Leitura Digital/ })).toContainText(/Criação aguardando envio|Enviando|Ativo/);
  await expect(first.getByRole('row', { name: /Kids Livros/ })).toContainText('padrão (CNPJ)');

  // S12: a service on a locked plan offers only its own package and says why
  await page.getByRole('button', { name: 'Adicionar serviço' }).click();
  await add.getByLabel('id_cliente_servico').fill('10002');
  await choose(page, /Serviço\/Plano/, /Fibra 500 Travado/);
  await add.getByRole('checkbox', { name: /Cursos Online/ }).uncheck();
  await add.getByRole('button', { name: 'Adicionar serviço' }).click();
  await expect(page.getByRole('region', { name: 'Serviço 10002' })).toContainText('Nenhum pacote vinculado');

  await page.getByRole('region', { name: 'Serviço 10002' }).getByRole('button', { name: 'Vincular pacote' }).click();
  const link = page.getByRole('dialog', { name: 'Vincular pacote ao serviço 10002' });
  // A toast still on screen never covers the dialog's buttons (notifications sit below dialogs).
  await expect(page.getByText('Serviço 10002 adicionado.')).toBeVisible();
  for (const name of ['Fechar', 'Voltar']) await link.getByRole('button', { name }).click({ trial: true, timeout: 500 });
  await expect(link.getByText(/O plano "Fibra 500 Travado" está com Travar Pacotes ligado/)).toBeVisible();
  await expect(link.getByRole('link', { name: 'Abrir a aba Pacotes do plano Fibra 500 Travado' })).toHaveAttribute(
    'href',
    `#/configuracao/geral/servicos-planos/${travado.id}/editar?aba=pacotes`,
  );
  await link.getByRole('combobox', { name: /Pacote/ }).click();
  await expect(page.getByRole('option')).toHaveText([/Cursos Online/]);
  await page.getByRole('option', { name: /Cursos Online/ }).click();
  // S10: defaults as placeholders, senha overridden
  await expect(link.getByLabel('id_contrato')).toHaveAttribute('placeholder', 'Padrão: id_cliente_servico (10002)');
  await expect(link.getByLabel('label')).toHaveAttribute('placeholder', 'Padrão: campsoft-cursos-online');
  await link.getByLabel('senha', { exact: true }).fill('Livro#2026');
  await link.getByRole('button', { name: 'Mostrar senha' }).click();
  await expect(link.getByLabel('senha', { exact: true })).toHaveValue('Livro#2026');
  await expect(link.getByRole('button', { name: 'Ocultar senha' })).toBeVisible();
  await screenshot(page, 'customers-04-link-package');
  await expectNoSeriousA11y(page);
  await link.getByRole('button', { name: 'Vincular pacote' }).click();
  await expect(page.getByRole('table', { name: 'Pacotes do serviço 10002' }).getByRole('row', { name: /Cursos Online/ })).toContainText('personalizada');

  // Migrar plano: what will be added, and Manter/Remover for what the locked plan does not allow
  await page.getByRole('region', { name: 'Serviço 10001' }).getByRole('button', { name: 'Migrar plano' }).click();
  const migrate = page.getByRole('dialog', { name: 'Migrar plano do serviço 10001' });
  await choose(page, /Novo plano/, /Fibra 500 Travado/);
  await expect(migrate.getByRole('listitem')).toHaveText('Cursos Online');
  await expect(migrate.getByRole('radiogroup', { name: 'Leitura Digital' })).toBeVisible();
  await screenshot(page, 'customers-05-migrate');
  await expectNoSeriousA11y(page);
  await migrate.getByRole('button', { name: 'Voltar' }).click();

  // each link's state, as the host computes it (sent to the sandbox by now, or on its way)
  await expect(first.getByRole('row', { name: /Leitura Digital/ })).toContainText(/Ativo|Enviando|aguardando/);
  await screenshot(page, 'customers-06-detail');
  await expectNoSeriousA11y(page);

  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name: 'Clientes', exact: true }).click();
  await expect(page.getByRole('table', { name: 'Clientes' })).toContainText('Livraria Açaí Ltda');
  await screenshot(page, 'customers-07-list');
  await expectNoSeriousA11y(page);
});

test('a customer without phone is saved but marked as not transmittable (S9)', async ({ page }) => {
  await openApp(page, '/clientes/novo');
  await page.getByLabel('Nome / Razão social').fill('Joana Prado');
  await page.getByLabel('CPF/CNPJ').fill('111.444.777-35');
  await page.getByLabel('E-mail', { exact: true }).fill('joana@exemplo.com');
  await page.getByRole('button', { name: 'Salvar cliente' }).click();
  await expect(page.getByRole('alert').filter({ hasText: 'Pacotes deste cliente não serão transmitidos' })).toContainText('Cliente sem telefone cadastrado: cadastre um telefone com DDD');
  await screenshot(page, 'customers-08-not-transmittable');
  await page.getByRole('link', { name: 'Corrigir o cadastro do cliente' }).click();
  await expect(page.getByRole('heading', { name: 'Editar cliente: Joana Prado' })).toBeVisible();
});

test('LGPD: the office exports the data of a customer and erases a never-transmitted customer', async ({ page }) => {
  await openApp(page, '/clientes/novo');
  await page.getByLabel('Nome / Razão social').fill('Rita de Cássia Moraes');
  await page.getByLabel('CPF/CNPJ').fill('490.533.447-05');
  await page.getByLabel('E-mail', { exact: true }).fill('rita@exemplo.com.br');
  await page.getByLabel('Telefone', { exact: true }).fill('11987654321');
  await page.getByRole('button', { name: 'Salvar cliente' }).click();
  await expect(page.getByRole('heading', { level: 2, name: 'Rita de Cássia Moraes' })).toBeVisible();

  // Exportar dados: one JSON file with the customer's own data (the CPF included), named without it
  const lgpd = page.getByRole('region', { name: 'Dados pessoais (LGPD)' });
  await expect(lgpd).toBeVisible();
  await lgpd.scrollIntoViewIfNeeded();
  await screenshot(page, 'customers-09-lgpd-section');
  await expectNoSeriousA11y(page);
  const downloading = page.waitForEvent('download');
  await lgpd.getByRole('button', { name: 'Exportar dados (LGPD)' }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toMatch(/^lgpd-cliente-\d+-\d{4}-\d{2}-\d{2}\.json$/);
  const file = JSON.parse(await readFile((await download.path())!, 'utf8')) as { format: string; customer: { document: string; name: string }; events: { kind: string }[] };
  expect(file.format).toBe('sva-desk-lgpd-export');
  expect(file.customer).toMatchObject({ document: '49053344705', name: 'Rita de Cássia Moraes' });
  expect(file.events.map((e) => e.kind)).toContain('customer.save');

  // Excluir dados: nothing was ever transmitted, so the dialog asks for confirmation naming the customer
  await lgpd.getByRole('button', { name: 'Excluir dados do cliente (LGPD)' }).click();
  const dialog = page.getByRole('dialog', { name: 'Excluir dados de Rita de Cássia Moraes?' });
  await expect(dialog).toContainText('CPF 490.533.447-05');
  await screenshot(page, 'customers-10-lgpd-erase-confirm');
  await expectNoSeriousA11y(page);
  await dialog.getByRole('button', { name: 'Excluir dados de Rita de Cássia Moraes' }).click();
  await expect(page.getByRole('heading', { name: 'Nenhum cliente cadastrado ainda' })).toBeVisible();
  await expect(page.getByText('Rita de Cássia Moraes')).toHaveCount(0);
  await screenshot(page, 'customers-11-lgpd-erased');
});

test('the list reaches every customer page by page, and the search finds a word inside the name', async ({ page, ownHost }) => {
  await seedCustomers(ownHost, page.request, 230);
  await hostCommand(ownHost, page.request, 'customers.save', {
    values: { name: 'Maria Aparecida dos Santos', document: '529.982.247-25', emails: ['maria@exemplo.com.br'], phones: [] },
  });
  await openApp(page, '/clientes');
  await expect(page.getByText('Mostrando 1–200 de 231 clientes, em ordem de nome')).toBeVisible();
  await screenshot(page, 'customers-12-list-many');
  await expectNoSeriousA11y(page);
  await page.getByRole('button', { name: 'Próxima página' }).click();
  await expect(page.getByText('Mostrando 201–231 de 231 clientes, em ordem de nome')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Clientes' })).toContainText('Cliente Exemplo 201');
  await screenshot(page, 'customers-13-list-page-2');

  await page.getByLabel('Buscar cliente').fill('santos');
  await expect(page.getByText('1 cliente encontrado, em ordem de nome')).toBeVisible();
  await expect(page.getByRole('table', { name: 'Clientes' }).getByRole('row', { name: /Maria Aparecida dos Santos/ })).toContainText('Não transmite');
  await screenshot(page, 'customers-14-search');
  await expectNoSeriousA11y(page);
  await page.getByLabel('Buscar cliente').fill('Zeca Urubu');
  await expect(page.getByText('Nenhum cliente encontrado para “Zeca Urubu”', { exact: false })).toBeVisible();
  await screenshot(page, 'customers-15-search-none');
});

test('a save over a change made on another desk is refused, and Recarregar brings the current data', async ({ page, ownHost }) => {
  const customer = await hostCommand<CustomerRecord>(ownHost, page.request, 'customers.save', {
    values: { name: 'Joana Prado', document: '111.444.777-35', emails: ['joana@exemplo.com'], phones: ['(21) 3456-7890'] },
  });
  await openApp(page, `/clientes/${customer.id}/editar`);
  await expect(page.getByRole('heading', { name: 'Editar cliente: Joana Prado' })).toBeVisible();
  // another desk adds the code from the ERP meanwhile
  await hostCommand(ownHost, page.request, 'customers.save', {
    id: customer.id,
    version: customer.version,
    values: { name: 'Joana Prado', document: '111.444.777-35', code: '7788', emails: ['joana@exemplo.com'], phones: ['(21) 3456-7890'] },
  });
  await page.getByLabel('Nome / Razão social').fill('Joana Prado Lima');
  await page.getByRole('button', { name: 'Salvar cliente' }).click();
  await expect(page.getByText(/Este cliente foi alterado em .*, depois que você abriu/)).toBeVisible();
  await screenshot(page, 'customers-16-conflict');
  await expectNoSeriousA11y(page);
  await page.getByRole('button', { name: 'Recarregar' }).click();
  await expect(page.getByLabel('Código no ERP')).toHaveValue('7788');
  await expect(page.getByLabel('Nome / Razão social')).toHaveValue('Joana Prado');
});
