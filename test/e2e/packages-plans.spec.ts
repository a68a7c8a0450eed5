import type { Page } from '@playwright/test';
import type { IntegrationRecord, PackageRecord } from '../../shared/contract';
import { addSandboxIntegration, expect, expectNoSeriousA11y, screenshot } from './fixtures';
import { hostCommand, test } from './own-host';

async function menu(page: Page, name: string) {
  await page.getByRole('navigation', { name: 'Menu principal' }).getByRole('link', { name, exact: true }).click();
}

async function choose(page: Page, field: string, option?: string) {
  await page.getByRole('combobox', { name: field }).click();
  const options = page.getByRole('listbox').getByRole('option');
  await (option ? options.filter({ hasText: option }).first() : options.first()).click();
}

test.setTimeout(180_000);

test('a package with composition and one product goes on a plan as mandatory with Travar Pacotes', async ({ page, ownHost, request }) => {
  await addSandboxIntegration(page);

  await menu(page, 'Pacotes');
  await expect(page.getByText('Nenhum pacote cadastrado')).toBeVisible();
  await screenshot(page, 'pp-01-pacotes-vazio');
  await expectNoSeriousA11y(page);

  // Dados: an empty step is not passed (nor marked done)
  await page.getByRole('link', { name: 'Adicionar pacote' }).click();
  await page.getByRole('button', { name: 'Próximo' }).click();
  await expect(page.getByText('Informe o nome do pacote.')).toBeVisible();
  await expect(page.getByText('Escolha como o pacote é vendido: avulso, benefício ou combo.')).toBeVisible();
  await screenshot(page, 'pp-02a-wizard-dados-vazio');
  await page.getByRole('textbox', { name: 'Nome do pacote' }).fill('Leitura Digital');
  await page.getByText('Benefício', { exact: true }).click();
  await page.getByText('Avulso', { exact: true }).click();
  await page.getByRole('textbox', { name: 'Valor (R$)' }).fill('19,90');
  await screenshot(page, 'pp-02-wizard-dados');
  await expectNoSeriousA11y(page);
  await page.getByRole('button', { name: 'Próximo' }).click();

  // Composição (S6)
  await page.getByRole('textbox', { name: 'Descrição do item 1' }).fill('Licença de leitura digital');
  await page.getByRole('textbox', { name: 'Valor do item 1' }).fill('14,90');
  await expect(page.getByText('Diferença: faltam R$ 5,00')).toBeVisible();
  await page.getByRole('button', { name: 'Adicionar item' }).click();
  await page.getByRole('textbox', { name: 'Descrição do item 2' }).fill('Suporte técnico');
  await page.getByRole('textbox', { name: 'Valor do item 2' }).fill('5,00');
  await expect(page.getByText('Composição confere com o valor.')).toBeVisible();
  await page.getByRole('switch', { name: 'Validado pela contabilidade' }).click();
  await page.getByRole('textbox', { name: 'Validado por' }).fill('Contabilidade Silva');
  await screenshot(page, 'pp-03-wizard-composicao');
  await expectNoSeriousA11y(page);
  await page.getByRole('button', { name: 'Próximo' }).click();

  // Integração (S3, S10)
  await choose(page, 'Integração', 'Campsoft (Sandbox)');
  await choose(page, 'Produto');
  await expect(page.getByText('Na Campsoft cada pacote entrega um único produto.')).toBeVisible();
  await screenshot(page, 'pp-04-wizard-integracao');
  await expectNoSeriousA11y(page);
  await page.getByRole('button', { name: 'Salvar pacote' }).click();

  const packages = page.getByRole('table', { name: 'Pacotes' });
  await expect(packages.getByText(/^campsoft-leitura-digital-\d+$/)).toBeVisible();
  await expect(packages.getByText('R$ 19,90')).toBeVisible();
  await expect(packages.getByText(/^Validada por Contabilidade Silva em \d{2}\/\d{2}\/\d{4}$/)).toBeVisible();
  await expect(page.getByText(/salvo com o label campsoft-leitura-digital-\d+/)).toBeVisible();

  // A second package, made on another desk, still waiting for the accountant: the list shows it as it comes.
  const [integration] = await hostCommand<IntegrationRecord[]>(ownHost, request, 'integrations.list', {});
  const [first] = await hostCommand<PackageRecord[]>(ownHost, request, 'packages.list', {});
  await hostCommand(ownHost, request, 'packages.save', {
    values: { name: 'Leitura Kids', kind: 'beneficio', priceCents: 0, composition: [], integrationId: integration.id, productCode: first.productCode },
  });
  await expect(packages.getByText('Leitura Kids')).toBeVisible();
  // the whole sentence, never cut to "AGUARDANDO VALIDAÇÃO DA CONTABIL…"
  const badge = packages.getByText('Aguardando validação da contabilidade');
  await expect(badge).toBeVisible();
  expect(await badge.evaluate((el) => el.scrollWidth <= el.clientWidth + 1)).toBe(true);
  await screenshot(page, 'pp-05-pacotes-lista');
  await expectNoSeriousA11y(page);

  // Serviços/Planos (S8, S11, S12)
  await menu(page, 'Serviços/Planos');
  await page.getByRole('link', { name: 'Adicionar plano' }).click();
  await page.getByRole('textbox', { name: 'Nome do plano' }).fill('Fibra 500 Mega');
  await page.getByRole('textbox', { name: 'Valor (R$)' }).fill('99,90');
  await page.getByRole('tab', { name: /Pacotes/ }).click();
  await choose(page, 'Adicionar pacote ao plano', 'Leitura Digital');
  await page.getByRole('switch', { name: /Obrigatório: Nº \d+ · Leitura Digital/ }).click();
  await page.getByRole('switch', { name: 'Travar Pacotes' }).click();
  await expect(page.getByRole('switch', { name: /Obrigatório: Nº \d+ · Leitura Digital/ })).toBeChecked();
  await expect(page.getByRole('switch', { name: 'Travar Pacotes' })).toBeChecked();
  await screenshot(page, 'pp-06-plano-aba-pacotes');
  await expectNoSeriousA11y(page);
  await page.getByRole('button', { name: 'Salvar plano' }).click();

  const plans = page.getByRole('table', { name: 'Serviços/Planos' });
  const row = plans.getByRole('row').filter({ hasText: 'Fibra 500 Mega' });
  await expect(row).toContainText('R$ 99,90');
  await expect(row).toContainText('1 (1 obrigatório)');
  await expect(row).toContainText('Ligado');
  await screenshot(page, 'pp-07-planos-lista');
  await expectNoSeriousA11y(page);

  // The way the customers screen links here (S12): straight to the aba Pacotes.
  await page.getByRole('link', { name: 'Pacotes de Fibra 500 Mega' }).click();
  await expect(page.getByRole('tab', { name: /Pacotes/ })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('switch', { name: 'Travar Pacotes' })).toBeChecked();

  // Reload: everything came from the host's store, nothing from memory.
  await page.reload();
  await expect(page.getByRole('switch', { name: /Obrigatório: Nº \d+ · Leitura Digital/ })).toBeChecked();

  // The aba of that plan does not follow to the next form: "Adicionar plano" opens on Dados, empty.
  await page.getByRole('link', { name: 'Cancelar' }).click();
  await page.getByRole('link', { name: 'Adicionar plano' }).click();
  await expect(page.getByRole('textbox', { name: 'Nome do plano' })).toHaveValue('');
  await expect(page.getByRole('tab', { name: 'Dados' })).toHaveAttribute('aria-selected', 'true');
  await expect(page.getByRole('tab', { name: 'Pacotes (0)' })).toHaveAttribute('aria-selected', 'false');
  expect(new URL(page.url()).search).toBe('');
  await screenshot(page, 'pp-08-novo-plano-depois-da-aba-pacotes');
});
