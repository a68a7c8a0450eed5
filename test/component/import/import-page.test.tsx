import { readFileSync } from 'node:fs';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { db } from '../../../renderer/db/db';
import { ImportPage } from '../../../renderer/features/import/ImportPage';
import { useImport } from '../../../renderer/features/import/store';
import { renderScreen } from '../render';

beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
  useImport.getState().reset();
});

async function upload(container: HTMLElement) {
  const bytes = readFileSync('test/fixtures/erp/hubsoft-clientes.csv');
  await userEvent.upload(container.querySelector('input[type=file]') as HTMLInputElement, new File([bytes], 'hubsoft-clientes.csv', { type: 'text/csv' }));
}

describe('Importar do ERP page', () => {
  it('walks file → columns → preview → confirm, and a second import of the same file says "Nenhuma alteração"', async () => {
    const { container } = renderScreen(<ImportPage />);
    await upload(container);
    expect(await screen.findByText(/hubsoft-clientes.csv · Windows-1252 \(ANSI\) · separado por ponto e vírgula \(;\) · 9 linhas de dados/)).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Validar e ver prévia' }));

    // The badges agree with their count: plural for 6 and 2, singular for 1.
    expect(await screen.findByText('6 linhas válidas')).toBeTruthy();
    expect(screen.getByText('2 rejeitadas')).toBeTruthy();
    expect(screen.getByText('1 duplicada')).toBeTruthy();
    expect(screen.getByText(/CPF inválido: dígitos verificadores não conferem/)).toBeTruthy();
    const summary = await screen.findByRole('table', { name: 'Resumo da importação' });
    expect(within(summary).getByText('Clientes novos').nextSibling?.textContent).toBe('5');
    expect(within(summary).getByText('Serviços novos').nextSibling?.textContent).toBe('6');
    expect(within(summary).getByText('Planos criados').nextSibling?.textContent).toBe('3');

    await userEvent.click(screen.getByRole('button', { name: 'Confirmar importação' }));
    expect(await screen.findByText('Importação concluída')).toBeTruthy();
    // the last step, Importar, shows as done too
    expect(document.querySelectorAll('.mantine-Stepper-step[data-completed]')).toHaveLength(4);
    expect(screen.getByRole('link', { name: 'Ver clientes' })).toBeTruthy();
    expect(await db.customers.count()).toBe(5);
    expect(await db.services.count()).toBe(6);
    expect((await db.customers.where('document').equals('32165498791').first())?.name).toBe('José Antônio Araújo');

    await userEvent.click(screen.getByRole('button', { name: 'Importar outro arquivo' }));
    await upload(container);
    await userEvent.click(await screen.findByRole('button', { name: 'Validar e ver prévia' }));
    expect(await screen.findByText('Nenhuma alteração')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Confirmar importação' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('writes nothing until the office confirms the preview', async () => {
    const { container } = renderScreen(<ImportPage />);
    await upload(container);
    await userEvent.click(await screen.findByRole('button', { name: 'Validar e ver prévia' }));
    await screen.findByRole('table', { name: 'Resumo da importação' });
    await userEvent.click(screen.getByRole('button', { name: 'Voltar às colunas' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Validar e ver prévia' })).toBeTruthy());
    expect(await db.customers.count()).toBe(0);
    expect(await db.plans.count()).toBe(0);
  });

  it('asks for the required columns it could not find', async () => {
    const { container } = renderScreen(<ImportPage />);
    await userEvent.upload(container.querySelector('input[type=file]') as HTMLInputElement, new File(['nome,documento\nAna,123\n'], 'outro.csv', { type: 'text/csv' }));
    expect(await screen.findByText(/Escolha a coluna de: Código do serviço \(id_cliente_servico\), CPF\/CNPJ, Serviço\/Plano, Status do serviço/)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Validar e ver prévia' }) as HTMLButtonElement).disabled).toBe(true);
  });
});
