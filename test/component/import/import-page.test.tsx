import { readFileSync } from 'node:fs';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import writeExcelFile from 'write-excel-file/node';
import { ImportPage } from '../../../renderer/features/import';
import { useImport } from '../../../renderer/features/import/store';
import { erpCsv, erpLine } from '../../fixtures/erp-export';
import { catchDownloads, textWithBom } from '../downloads';
import { renderOnHost, useHostPerTest } from '../on-host';
import { choose } from '../packages/ui';

// Host answers and their change notices settle after a few ticks; a loaded machine needs more than 1 s.

const host = useHostPerTest();
beforeEach(() => useImport.getState().reset());

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const fileInput = (container: HTMLElement) => container.querySelector('input[type=file]') as HTMLInputElement;
const countOf = async (table: 'customers' | 'services' | 'plans' | 'links') =>
  Number((await host.bridge.host.store.db.selectFrom(table).select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n);

async function upload(container: HTMLElement, bytes: Uint8Array<ArrayBuffer> | string = readFileSync('test/fixtures/erp/hubsoft-clientes.csv'), name = 'hubsoft-clientes.csv', type = 'text/csv') {
  await userEvent.upload(fileInput(container), new File([bytes], name, { type }));
}

const downloads = catchDownloads();
afterEach(() => vi.restoreAllMocks());

describe('Importar do ERP page, on the host', () => {
  it('walks file → columns → preview → confirm, and a second import of the same file says "Nenhuma alteração"', async () => {
    const { container } = renderOnHost(<ImportPage />);
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
    expect(screen.getByText(/O registro está no Histórico\./)).toBeTruthy();
    // the last step, Importar, shows as done too
    expect(document.querySelectorAll('.mantine-Stepper-step[data-completed]')).toHaveLength(4);
    expect(screen.getByRole('link', { name: 'Ver clientes' })).toBeTruthy();
    expect(await countOf('customers')).toBe(5);
    expect(await countOf('services')).toBe(6);
    const jose = await host.bridge.host.store.db.selectFrom('customers').select('name').where('document', '=', '32165498791').executeTakeFirst();
    expect(jose?.name).toBe('José Antônio Araújo');

    await userEvent.click(screen.getByRole('button', { name: 'Importar outro arquivo' }));
    await upload(container);
    await userEvent.click(await screen.findByRole('button', { name: 'Validar e ver prévia' }));
    expect(await screen.findByText('Nenhuma alteração')).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Confirmar importação' }) as HTMLButtonElement).disabled).toBe(true);
  });

  it('writes nothing until the office confirms the preview', async () => {
    const { container } = renderOnHost(<ImportPage />);
    await upload(container);
    await userEvent.click(await screen.findByRole('button', { name: 'Validar e ver prévia' }));
    await screen.findByRole('table', { name: 'Resumo da importação' });
    await userEvent.click(screen.getByRole('button', { name: 'Voltar às colunas' }));
    await waitFor(() => expect(screen.getByRole('button', { name: 'Validar e ver prévia' })).toBeTruthy());
    expect(await countOf('customers')).toBe(0);
    expect(await countOf('plans')).toBe(0);
  });

  it('asks for the required columns it could not find', async () => {
    const { container } = renderOnHost(<ImportPage />);
    await upload(container, 'nome,documento,contato\nAna,123,ana@exemplo.com.br\n', 'outro.csv');
    // "documento" is the CPF/CNPJ; the three others are nowhere in the file
    expect(await screen.findByText(/Escolha a coluna de: Código do serviço \(id_cliente_servico\), Serviço\/Plano, Status do serviço\./)).toBeTruthy();
    expect((screen.getByRole('button', { name: 'Validar e ver prévia' }) as HTMLButtonElement).disabled).toBe(true);
    // the e-mails under a title no ERP uses are pointed out before the preview, and the hint goes once the column is chosen
    expect(screen.getByText(/A coluna "contato" parece conter e-mails; associe-a ao campo E-mail\(s\)/)).toBeTruthy();
    await choose(userEvent.setup(), 'E-mail\\(s\\)', 'contato');
    await waitFor(() => expect(screen.queryByText(/parece conter e-mails/)).toBeNull());
  });

  it('maps a plan of the file to a plan already registered, and the preview follows the choice', async () => {
    await host.bridge.host.handlers['plans.save']({ values: { name: 'Plano da Casa', priceCents: 9990, defaultPackages: [], lockPackages: false } });
    const { container } = renderOnHost(<ImportPage />);
    await upload(container);
    await userEvent.click(await screen.findByRole('button', { name: 'Validar e ver prévia' }));
    const summary = await screen.findByRole('table', { name: 'Resumo da importação' });
    expect(within(summary).getByText('Planos criados').nextSibling?.textContent).toBe('3');
    const field = screen.getAllByLabelText(/^Plano para "/)[0]!.getAttribute('aria-label')!;
    await choose(userEvent.setup(), field, 'Plano da Casa');
    await waitFor(() => expect(within(screen.getByRole('table', { name: 'Resumo da importação' })).getByText('Planos criados').nextSibling?.textContent).toBe('2'));
    await userEvent.click(screen.getByRole('button', { name: 'Confirmar importação' }));
    expect(await screen.findByText('Importação concluída')).toBeTruthy();
    expect(await countOf('plans')).toBe(3);
  });

  it('pages the valid lines from the host', async () => {
    const lines = Array.from({ length: 25 }, (_, i) => erpLine(i + 1, { plan: 'Fibra 300', status: 'servico_habilitado' }));
    const { container } = renderOnHost(<ImportPage />);
    await upload(container, erpCsv(lines), 'clientes.csv');
    await userEvent.click(await screen.findByRole('button', { name: 'Validar e ver prévia' }));
    expect(await screen.findByText('25 linhas válidas')).toBeTruthy();
    expect(screen.getByText(lines[19]!.name)).toBeTruthy();
    expect(screen.queryByText(lines[20]!.name)).toBeNull();
    await userEvent.click(screen.getByRole('button', { name: 'Próxima página' }));
    expect(await screen.findByText(lines[24]!.name)).toBeTruthy();
    expect(screen.queryByText(lines[0]!.name)).toBeNull();
  });

  it('imports an XLSX (first sheet), restoring the zeros of a CPF typed as a number', async () => {
    const { container } = renderOnHost(<ImportPage />);
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
    await upload(container, new Uint8Array(book), 'clientes.xlsx', XLSX_TYPE);
    expect(await screen.findByText('clientes.xlsx · planilha do Excel (primeira aba: Clientes) · 2 linhas de dados')).toBeTruthy();
    await userEvent.click(screen.getByRole('button', { name: 'Validar e ver prévia' }));
    expect(await screen.findByText('2 linhas válidas')).toBeTruthy();
    expect(screen.getByText(/Em 1 linha, o CPF\/CNPJ estava na planilha como número, sem os zeros à esquerda\./)).toBeTruthy();
    await screen.findByRole('table', { name: 'Resumo da importação' });
    await userEvent.click(screen.getByRole('button', { name: 'Confirmar importação' }));
    expect(await screen.findByText('Importação concluída')).toBeTruthy();
    const ana = await host.bridge.host.store.db.selectFrom('customers').select('name').where('document', '=', '01234567890').executeTakeFirst();
    expect(ana?.name).toBe('Ana Lima');
    expect(await countOf('services')).toBe(2);
  });

  it("shows the host's reasons for a file it cannot read: a legacy .xls, an unclosed quote with its line, too many columns", async () => {
    const { container } = renderOnHost(<ImportPage />);
    const xls = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(512).fill(0)]);
    await upload(container, xls, 'clientes.xls', 'application/vnd.ms-excel');
    expect((await screen.findByRole('alert')).textContent).toContain('Arquivos .xls (Excel 97–2003) não são lidos: abra "clientes.xls" no Excel e salve como .xlsx ou CSV.');
    expect(screen.getByRole('heading', { name: 'Escolha o arquivo exportado do ERP' })).toBeTruthy();

    await upload(container, 'id_cliente_servico;nome_razaosocial\n1;Ana\n2;"Bruno\n3;Carla\n', 'aspas.csv');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('O arquivo "aspas.csv" tem aspas (") abertas na linha 3 que não se fecham'));

    await upload(container, Array.from({ length: 250 }, (_, i) => `c${i}`).join(';') + '\n', 'largo.csv');
    await waitFor(() => expect(screen.getByRole('alert').textContent).toContain('A linha de títulos do arquivo "largo.csv" tem 250 colunas; o SVA Desk lê até 200.'));
  });

  it('saves the rejected lines and the ERP exports the host prepares; an empty office is told there is nothing to export', async () => {
    const { container } = renderOnHost(<ImportPage />);
    await userEvent.click(screen.getByRole('button', { name: 'Exportar clientes' }));
    expect(await screen.findByText('Não há clientes para exportar: importe do ERP ou cadastre clientes primeiro.')).toBeTruthy();
    expect(downloads).toHaveLength(0);

    await upload(container);
    await userEvent.click(await screen.findByRole('button', { name: 'Validar e ver prévia' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Salvar relatório de erros (CSV)' }));
    await waitFor(() => expect(downloads).toHaveLength(1));
    expect(downloads[0]!.name).toMatch(/^linhas-rejeitadas-\d{4}-\d{2}-\d{2}\.csv$/);
    const report = await textWithBom(downloads[0]!);
    expect(report.split('\r\n')[0]).toMatch(/^\uFEFFlinha;id_cliente_servico;/);
    expect(report).toContain('CPF inválido');

    await userEvent.click(screen.getByRole('button', { name: 'Confirmar importação' }));
    await userEvent.click(await screen.findByRole('button', { name: 'Importar outro arquivo' }));
    await userEvent.click(screen.getByRole('button', { name: 'Exportar serviços' }));
    await waitFor(() => expect(downloads).toHaveLength(2));
    expect(downloads[1]!.name).toMatch(/^servicos-\d{4}-\d{2}-\d{2}\.csv$/);
    const services = await textWithBom(downloads[1]!);
    expect(services.split('\r\n')[0]).toBe('\uFEFFid_cliente_servico;codigo_cliente;nome_razaosocial;cpf_cnpj;email_principal;telefone_primario;servico;status_prefixo;status');
    expect(services.split('\r\n').filter((l) => l !== '')).toHaveLength(7);
  });
});
