/**
 * Histórico de Eventos on the real host: the list pages with the host's cursor and says how many
 * events the filters find; the clerk column names who did it; the CSV export holds every matching
 * event (not only the page shown).
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { eventRow } from '../../../electron/host/store/rows';
import { run } from '../../../renderer/data/client';
import { HistoryPage } from '../../../renderer/features/history';
import { catchDownloads } from '../downloads';
import { renderOnHost, useHostPerTest } from '../on-host';
import { choose } from '../packages/ui';


const host = useHostPerTest();

const downloads = catchDownloads();

const T0 = Date.parse('2026-11-02T09:00:00.000Z');

/** `count` events, one a minute, every third an error, clerks alternating between Ana and Bruno. */
async function seedEvents(count: number) {
  const rows = Array.from({ length: count }, (_, i) =>
    eventRow({
      at: new Date(T0 + i * 60_000).toISOString(),
      actor: 'user',
      clerk: i % 2 === 0 ? 'Ana Lima' : 'Bruno Souza',
      kind: i % 3 === 0 ? 'transmission.error' : 'customer.save',
      subject: `cliente:${i + 1}`,
      outcome: i % 3 === 0 ? 'error' : 'ok',
      message: i % 3 === 0 ? `Cliente ${i + 1} não transmitido: sem telefone.` : `Cliente ${i + 1} salvo.`,
    }),
  );
  for (let at = 0; at < rows.length; at += 200) await host.bridge.host.store.db.insertInto('events').values(rows.slice(at, at + 200)).execute();
}

describe('Histórico', () => {
  it('says so when there is nothing yet', async () => {
    renderOnHost(<HistoryPage />);
    expect(await screen.findByText(/Nenhum evento ainda/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Exportar CSV' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('shows the newest events first with who did them, the total found, and pages back with the cursor', async () => {
    await seedEvents(250);
    const user = userEvent.setup();
    renderOnHost(<HistoryPage />);
    expect(await screen.findByText('250 eventos encontrados · mostrando 1–100')).toBeTruthy();
    const table = screen.getByRole('table', { name: 'Histórico de Eventos' });
    const rows = within(table).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(100);
    expect(rows[0]!.textContent).toContain('Bruno Souza');
    expect(rows[0]!.textContent).toContain('Cliente 250 não transmitido: sem telefone.');
    expect(rows[0]!.textContent).toContain('Transmissões');

    await user.click(screen.getByRole('button', { name: 'Mais antigos' }));
    expect(await screen.findByText('250 eventos encontrados · mostrando 101–200')).toBeTruthy();
    expect(screen.getByText('Cliente 150 salvo.')).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Mais antigos' }));
    expect(await screen.findByText('250 eventos encontrados · mostrando 201–250')).toBeTruthy();
    expect(screen.getByText('Cliente 1 não transmitido: sem telefone.')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Mais antigos' }) as HTMLButtonElement).disabled).toBe(true);
    await user.click(screen.getByRole('button', { name: 'Mais recentes' }));
    expect(await screen.findByText('250 eventos encontrados · mostrando 101–200')).toBeTruthy();
  });

  it('filters by result, clerk and text, and says when nothing matches', async () => {
    await seedEvents(30);
    const user = userEvent.setup();
    renderOnHost(<HistoryPage />);
    await screen.findByText(/30 eventos encontrados/);

    await choose(user, 'Resultado', 'Erro');
    expect(await screen.findByText('10 eventos encontrados')).toBeTruthy();
    await choose(user, 'Atendente', 'Ana Lima');
    // errors at i = 0, 6, 12, 18, 24 (every third, and even: Ana's)
    expect(await screen.findByText('5 eventos encontrados')).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'Buscar' }), 'Cliente 13 ');
    expect(await screen.findByText('1 evento encontrado')).toBeTruthy();
    expect(screen.getByText('Cliente 13 não transmitido: sem telefone.')).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'Buscar' }), 'x');
    expect(await screen.findByText(/Nenhum evento com estes filtros/)).toBeTruthy();
    await user.click(screen.getByRole('button', { name: 'Limpar filtros' }));
    expect(await screen.findByText(/30 eventos encontrados/)).toBeTruthy();
    // dates as the clerk types them: every event is of 02/11/2026
    await user.type(screen.getByRole('textbox', { name: 'De' }), '03/11/2026');
    expect(await screen.findByText(/Nenhum evento com estes filtros/)).toBeTruthy();
    await user.clear(screen.getByRole('textbox', { name: 'De' }));
    await user.type(screen.getByRole('textbox', { name: 'Até' }), '02/11/2026');
    expect(await screen.findByText(/30 eventos encontrados/)).toBeTruthy();
    await user.type(screen.getByRole('textbox', { name: 'De' }), '31/02/2026');
    expect(await screen.findByText('Use dd/mm/aaaa')).toBeTruthy();
  });

  it('names the clerk of this desk beside what they did through the app', async () => {
    await run('settings.set', { key: 'desk.clerk', value: 'Carla Mendes' });
    renderOnHost(<HistoryPage />);
    const row = (await screen.findByText('Atendente desta mesa: Carla Mendes.')).closest('tr')!;
    expect(row.textContent).toContain('Carla Mendes');
    expect(row.textContent).toContain('Atendente da mesa');
  });

  it('exports every matching event to CSV, not only the page shown', async () => {
    await seedEvents(450);
    const user = userEvent.setup();
    renderOnHost(<HistoryPage />);
    await screen.findByText('450 eventos encontrados · mostrando 1–100');
    await choose(user, 'Resultado', 'Sucesso');
    await screen.findByText('300 eventos encontrados · mostrando 1–100');
    await user.click(screen.getByRole('button', { name: 'Exportar CSV' }));
    expect(await screen.findByText('300 eventos exportados para o arquivo CSV.')).toBeTruthy();
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.name).toMatch(/^historico-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = (await downloads[0]!.blob.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
    expect(lines[0]).toBe('quando;quem;atendente;evento;assunto;resultado;mensagem;codigo_plataforma');
    expect(lines).toHaveLength(301);
    expect(lines.slice(1).every((l) => l.includes('Sucesso'))).toBe(true);
  });
});
