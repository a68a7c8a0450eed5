/**
 * Cobrança on the real host: the month before this one (the screen opens on it) with a licence
 * suspended from the 10th to the 19th; the amount follows the integration's rule; Fechar competência
 * waits for an export, then keeps the month as exported. Amounts are computed here from the price
 * and the days, not by the app's function.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { expect, it } from 'vitest';
import { ChargingPage } from '../../../renderer/features/charging';
import { formatBRL } from '../../../shared/domain/money';
import { customer, integration, link, pkg, product, service } from '../../fixtures/office';
import { writeOffice } from '../../store/office';
import { catchDownloads } from '../downloads';
import { renderOnHost, useHostPerTest } from '../on-host';
import { choose } from '../packages/ui';

const host = useHostPerTest();

const downloads = catchDownloads();

/** The month before today's in São Paulo, as the screen opens, and its length. */
function lastMonth() {
  const [y, m] = new Intl.DateTimeFormat('en-CA', { timeZone: 'America/Sao_Paulo', year: 'numeric', month: '2-digit' }).format(new Date()).split('-').map(Number) as [number, number];
  const d = new Date(Date.UTC(y, m - 2, 1));
  const competence = `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
  return { competence, days: new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth() + 1, 0)).getUTCDate(), label: `${competence.slice(5)}/${competence.slice(0, 4)}` };
}

it('shows the month with its pro rata, follows the rule, exports and then closes it', async () => {
  const { competence, days, label } = lastMonth();
  const price = 2990;
  const store = host.bridge.host.store;
  await writeOffice(store, {
    integrations: [integration()],
    products: [product('1192001')],
    packages: [{ ...pkg(1, '1192001'), name: 'Combo Leitura', priceCents: price, composition: [{ description: 'Leitura', fiscalKind: 'SVA', amountCents: 990 }, { description: 'Acesso', fiscalKind: 'SCM', amountCents: 2000 }] }],
    customers: [customer(1, { name: 'Maria da Conceição', code: 'C77' })],
    services: [service('5001', 1)],
    links: [link('L1', '5001', 1)],
  });
  const at = (day: number, hour: string) => new Date(`${competence}-${String(day).padStart(2, '0')}T${hour}:00-03:00`).toISOString();
  await store.db
    .insertInto('licenceEvents')
    .values([
      { linkId: 'L1', serviceId: '5001', packageId: 1, integrationId: 'camp', state: 'active', at: new Date(Date.parse(at(1, '10:00')) - 40 * 86_400_000).toISOString() },
      { linkId: 'L1', serviceId: '5001', packageId: 1, integrationId: 'camp', state: 'suspended', at: at(10, '08:00') },
      { linkId: 'L1', serviceId: '5001', packageId: 1, integrationId: 'camp', state: 'active', at: at(20, '18:00') },
    ])
    .execute();
  const user = userEvent.setup();
  renderOnHost(<ChargingPage />);

  const proRata = Math.floor((2 * price * (days - 10) + days) / (2 * days));
  const table = await screen.findByRole('table', { name: `Cobrança de ${label}` });
  const row = within(table).getByRole('row', { name: /Maria da Conceição/ });
  expect(row.textContent).toContain(`${days - 10}/${days}`);
  expect(row.textContent).toContain(formatBRL(proRata));
  expect(row.textContent).toContain('Cód. C77');
  const close = screen.getByRole('button', { name: 'Fechar competência' });
  expect((close as HTMLButtonElement).disabled).toBe(true);

  // Integral: the whole price, suspension or not
  await choose(user, 'Regra de cobrança', /^Integral/);
  await waitFor(() => expect(within(screen.getByRole('table', { name: `Cobrança de ${label}` })).getByRole('row', { name: /Maria/ }).textContent).toContain(`${formatBRL(price)}${formatBRL(price)}`));

  await user.click(screen.getByRole('button', { name: 'Exportar' }));
  await user.click(await screen.findByRole('menuitem', { name: /CSV para Excel/ }));
  await waitFor(() => expect(downloads).toHaveLength(1));
  expect(downloads[0]!.name).toBe(`cobranca-${competence}-excel.csv`);
  const bytes = new Uint8Array(await downloads[0]!.blob.arrayBuffer());
  // UTF-8 with BOM, so Excel (pt-BR) opens accents right
  expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
  const text = await downloads[0]!.blob.text();
  expect(text).toContain(`;${(price / 100).toFixed(2).replace('.', ',')};`);

  await waitFor(() => expect((screen.getByRole('button', { name: 'Fechar competência' }) as HTMLButtonElement).disabled).toBe(false));
  await user.click(screen.getByRole('button', { name: 'Fechar competência' }));
  const dialog = await screen.findByRole('dialog');
  expect(dialog.textContent).toContain('o fechamento não pode ser desfeito');
  await user.click(within(dialog).getByRole('button', { name: 'Fechar competência' }));
  expect(await screen.findByText(/^Competência fechada em/)).toBeTruthy();
  expect(screen.queryByRole('button', { name: 'Fechar competência' })).toBeNull();
});
