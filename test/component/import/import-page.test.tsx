import { readFileSync } from 'node:fs';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import { db } from '../../../renderer/db/db';
import { ImportPage } from '../../../renderer/features/import/ImportPage';
import { useImport } from '../../../renderer/features/import/store';
import { renderScreen } from '../render';

beforeEach(async () => {
  await Promise.all(db.tables.map((t) => t.clear()));
  useImport.getState().reset();
});

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fileInput = (container: HTMLElement) => container.querySelector('input[type=file]') as HTMLInputElement;

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

  it('imports an XLSX (first sheet), restoring the zeros of a CPF typed as a number', async () => {
    const { container } = renderScreen(<ImportPage />);
    expect(fileInput(container).accept.split(',')).toEqual(expect.arrayContaining(['.csv', '.txt', '.xlsx', XLSX_TYPE]));
    const headers = ['id_cliente_servico', 'nome_razaosocial', 'cpf_cnpj', 'email_principal', 'celular', 'servico', 'status_prefixo'];
    const book = await writeExcelFile(
      [
        headers,
        [700001, 'Ana Lima', 1234567890, 'ana@exemplo.com.br', '(11) 98765-4321', 'Fibra 300', 'servico_habilitado'],
        [700002, 'Bruno Melo', '987.654.321-00', 'bruno@exemplo.com.br', '(21) 99876-5432', 'Fibra 300', 'suspenso_debito'],
      ],
      { sheet: 'Clientes' },
    ).toBuffer();
    await userEvent.upload(fileInput(container), new File([new Uint8Array(book)], 'clientes.xlsx', { type: XLSX_TYPE }));
    expect(await screen.findByText('clientes.xlsx · planilha do Excel (primeira aba: Clientes) · 2 linhas de dados')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Validar e ver prévia' }));
    expect(await screen.findByText('2 linhas válidas')).toBeTruthy();
    expect(screen.getByText(/Em 1 linha, o CPF\/CNPJ estava na planilha como número, sem os zeros à esquerda\./)).toBeTruthy();
    await screen.findByRole('table', { name: 'Resumo da importação' });
    await userEvent.click(screen.getByRole('button', { name: 'Confirmar importação' }));
    expect(await screen.findByText('Importação concluída')).toBeTruthy();
    expect((await db.customers.where('document').equals('01234567890').first())?.name).toBe('Ana Lima');
    expect(await db.services.count()).toBe(2);
  });

  it('says what to do with a legacy .xls, and reads nothing', async () => {
    const { container } = renderScreen(<ImportPage />);
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(512).fill(0)]);
    await userEvent.upload(fileInput(container), new File([xls], 'clientes.xls', { type: 'application/vnd.ms-excel' }));
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Arquivos .xls (Excel 97–2003) não são lidos: abra "clientes.xls" no Excel e salve como .xlsx ou CSV.',
    );
    expect(screen.getByRole('heading', { name: 'Escolha o arquivo exportado do ERP' })).toBeTruthy();
  });
});
