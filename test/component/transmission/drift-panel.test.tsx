import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { DriftPanel } from '../../../renderer/features/transmission/drift';
import { renderOnHost, useHostPerTest } from '../on-host';
import { eventsOf } from '../packages/seed';
import { observed, seedOffice } from './office';


const host = useHostPerTest();

/** The office and the sandbox in step: every link sent and confirmed active. */
async function inStep(n: number) {
  const office = await seedOffice(host.bridge, n);
  await host.bridge.host.handlers['sync.request']({ trigger: 'manual' });
  await waitFor(async () => expect(await observed(host.bridge)).toEqual({ active: n }));
  return office;
}

const rowOf = (table: HTMLElement, text: string) => within(table).getByText(text).closest('tr')!;

describe('Conferir com a plataforma, on the host', () => {
  it('says Tudo confere when the platform holds exactly what the office wants', async () => {
    const { integration } = await inStep(2);
    const user = userEvent.setup();
    renderOnHost(<DriftPanel integrationId={integration.id} />);
    await user.click(await screen.findByRole('button', { name: 'Conferir com a plataforma' }));
    expect(await screen.findByText('Tudo confere')).toBeTruthy();
    expect(screen.getByRole('group', { name: 'Resumo da conferência' }).textContent).toContain('Licenças ativas na plataforma: 2 · Vínculos que deveriam estar ativos: 2');
    expect(screen.queryByRole('table')).toBeNull();
    expect((await eventsOf(host.bridge, 'platform.check')).map((e) => e.message)).toEqual([expect.stringContaining('tudo confere')]);
  });

  it('lists each difference, fixes a licence the provider pays for nothing, and cancels one unknown to the office', async () => {
    const { integration } = await inStep(3);
    const db = host.bridge.host.store.db;
    // S2 suspended for debt here, still active on the platform; and a link the office no longer has
    await db.updateTable('services').set({ status: 'suspenso_debito' }).where('id', '=', 'S2').execute();
    await db.deleteFrom('links').where('id', '=', 'L3').execute();
    const user = userEvent.setup();
    renderOnHost(<DriftPanel integrationId={integration.id} />);
    await user.click(await screen.findByRole('button', { name: 'Conferir com a plataforma' }));

    const table = await screen.findByRole('table', { name: 'Diferenças entre o SVA Desk e a plataforma' });
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(rowOf(table, 'Cliente 002').textContent).toMatch(/Pagando sem uso.*Cliente 002.*S2.*Suspensa.*Ativa/);
    expect(rowOf(table, 'S3').textContent).toMatch(/Sem vínculo no SVA Desk.*S3.*Nenhum pacote.*Ativa/);
    expect(screen.getByRole('group', { name: 'Resumo da conferência' }).textContent).toContain('A plataforma cobra 2 licenças a mais do que o SVA Desk espera.');

    await user.click(within(rowOf(table, 'Cliente 002')).getByRole('checkbox'));
    await user.click(screen.getByRole('button', { name: 'Corrigir selecionados' }));
    let dialog = await screen.findByRole('dialog', { name: 'Corrigir diferenças selecionadas' });
    expect(dialog.textContent).toContain('1 pacote terá a situação registrada conforme a plataforma');
    await user.click(within(dialog).getByRole('button', { name: 'Corrigir' }));
    expect(await screen.findByText(/1 pacote será retransmitido agora/)).toBeTruthy();
    await waitFor(() => expect(within(table).queryByText('Cliente 002')).toBeNull());
    expect(await eventsOf(host.bridge, 'drift.accept')).toHaveLength(1);
    // the next pass suspends it on the platform
    await waitFor(async () => expect(await observed(host.bridge)).toEqual({ active: 1, suspended: 1 }));

    await user.click(within(rowOf(table, 'S3')).getByRole('checkbox'));
    await user.click(screen.getByRole('button', { name: 'Corrigir selecionados' }));
    dialog = await screen.findByRole('dialog', { name: 'Corrigir diferenças selecionadas' });
    expect(dialog.textContent).toContain('1 licença sem vínculo será cancelada na plataforma: o assinante perde o acesso');
    await user.click(within(dialog).getByRole('button', { name: 'Corrigir e cancelar licenças' }));
    expect(await screen.findByText(/1 cancelamento enviado à plataforma/)).toBeTruthy();
    expect((await eventsOf(host.bridge, 'drift.cancel')).map((e) => e.outcome)).toEqual(['info']);
    expect(await screen.findByText('Nenhuma diferença pendente nesta conferência. Confira de novo depois da transmissão.')).toBeTruthy();
  }, 90_000);
});
