/**
 * The move of an old workspace as the clerk sees it at start (LegacyMoveDialog, mounted by App): a
 * v2 workspace seeded through the OLD Dexie schema (renderer/data/legacy-schema.ts) in this
 * browser's IndexedDB, a real host on an empty store; every row arrives and the counts are shown.
 */
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { workspaceTables, type WorkspaceTable } from '../../../shared/contract/workspace';
import { createLegacyService } from '../../../electron/host/services/legacy';
import { customerOf, serviceOf } from '../../../electron/host/store/rows';
import { LEGACY_DB_NAME, legacyDatabaseAt } from '../../../renderer/data/legacy-schema';
import { LegacyMoveDialog } from '../../../renderer/features/workspace';
import { oldWorkspace, withoutSearchKeys, type OldTables } from '../../store/old-workspace';
import { renderOnHost, useHostPerTest } from '../on-host';


const host = useHostPerTest();
afterEach(() => Dexie.delete(LEGACY_DB_NAME));

async function seedOld(tables: OldTables) {
  const old = legacyDatabaseAt(2);
  await old.open();
  await old.transaction('rw', old.tables, async () => {
    for (const t of workspaceTables) if (tables[t].length) await old.table(t).bulkAdd(tables[t]);
  });
  old.close();
}

const stored = (t: Exclude<WorkspaceTable, 'settings'>) =>
  host.bridge.host.store.db
    .selectFrom(t as 'customers')
    .selectAll()
    .orderBy('id')
    .execute();

describe('the move of an old workspace, at start', () => {
  it('copies a v2 workspace, every row of every table, and shows the counts old beside arrived', async () => {
    const tables = oldWorkspace({ customers: 120, events: 80 });
    await seedOld(tables);
    const user = userEvent.setup();
    renderOnHost(<LegacyMoveDialog />);

    const dialog = await screen.findByRole('dialog', { name: 'Seus dados foram trazidos e conferidos' });
    const check = within(dialog).getByRole('table', { name: 'Conferência da cópia' });
    expect(within(check).getByText('Clientes').closest('tr')!.textContent).toMatch(/^Clientes120120 Confere$/);
    expect(within(check).getByText('Eventos do histórico').closest('tr')!.textContent).toMatch(/^Eventos do histórico80\d+ Confere$/);
    expect(within(check).queryByText('Não confere')).toBeNull();
    expect(within(dialog).getByText(/O banco antigo fica guardado, sem alterações, até o próximo início/)).toBeTruthy();

    // every row arrived, as it was (less the search keys the store derives itself)
    expect((await stored('customers')).map((r) => customerOf(r as never))).toEqual(tables.customers.map(withoutSearchKeys));
    expect((await stored('services')).map((r) => serviceOf(r as never))).toEqual(tables.services);
    // links: the host's engine starts a pass after the move (blocked here: no credentials in this vault), so the check is the move's own count
    expect(within(check).getByText('Pacotes vinculados').closest('tr')!.textContent).toBe(`Pacotes vinculados${tables.links.length}${tables.links.length} Confere`);
    for (const t of ['integrations', 'products', 'packages', 'plans'] as const) expect(await stored(t)).toHaveLength(tables[t].length);
    const events = await stored('events');
    // the old events, each once (the move and the engine's first pass add their own)
    const messages = events.map((e) => (e as unknown as { message: string }).message);
    expect(messages.filter((m) => /^Evento \d+ — ação registrada$/.test(m)).sort()).toEqual((tables.events as { message: string }[]).map((e) => e.message).sort());
    // the old database is kept as it was
    expect(await Dexie.exists(LEGACY_DB_NAME)).toBe(true);

    await user.click(within(dialog).getByRole('button', { name: 'Continuar' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
  });

  it('deletes the old database at the next start of the SVA Desk, never before, and moves nothing twice', async () => {
    await seedOld(oldWorkspace({ customers: 8 }));
    const user = userEvent.setup();
    const first = renderOnHost(<LegacyMoveDialog />);
    const dialog = await screen.findByRole('dialog', { name: 'Seus dados foram trazidos e conferidos' });
    await user.click(within(dialog).getByRole('button', { name: 'Continuar' }));
    first.unmount();
    // the window opened again, same host: the old database stays
    const again = renderOnHost(<LegacyMoveDialog />);
    await new Promise((r) => setTimeout(r, 500));
    expect(await Dexie.exists(LEGACY_DB_NAME)).toBe(true);
    expect(screen.queryByRole('dialog')).toBeNull();
    again.unmount();

    // the next start of the host: a new session of the legacy service on the same store
    const restarted = createLegacyService({ db: host.bridge.host.store.db, mutate: (() => Promise.reject(new Error('no writes'))) as never });
    host.bridge.host.handlers['legacy.status'] = () => restarted.status();
    renderOnHost(<LegacyMoveDialog />);
    await waitFor(async () => expect(await Dexie.exists(LEGACY_DB_NAME)).toBe(false));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect(await stored('customers')).toHaveLength(8);
  });

  it('says what went wrong and that nothing was lost when the old data has a broken row', async () => {
    const tables = oldWorkspace({ customers: 10 });
    (tables.services[2] as { customerId: number }).customerId = 999;
    await seedOld(tables);
    renderOnHost(<LegacyMoveDialog />);
    const dialog = await screen.findByRole('dialog', { name: 'Seus dados antigos não foram trazidos' });
    expect(within(dialog).getByText(/aponta para o cliente número 999/)).toBeTruthy();
    expect(within(dialog).getByText(/Os dados antigos continuam guardados neste computador/)).toBeTruthy();
    expect(within(dialog).getByRole('button', { name: 'Tentar de novo' })).toBeTruthy();
    expect(await stored('customers')).toHaveLength(0);
    expect(await Dexie.exists(LEGACY_DB_NAME)).toBe(true);
  });

  it('shows nothing when this browser has no old workspace', async () => {
    renderOnHost(
      <>
        <p>Painel</p>
        <LegacyMoveDialog />
      </>,
    );
    await screen.findByText('Painel');
    await new Promise((r) => setTimeout(r, 500));
    expect(screen.queryByRole('dialog')).toBeNull();
    expect((await host.bridge.host.handlers['legacy.status']({})).move).toBeNull();
  });
});
