/**
 * The import screen's exports, written by the host (issue 10): customers, services (in the HubSoft
 * column names, so the file imports back) and the services' packages, for the ERP or a spreadsheet;
 * and the preview's rejected lines, to fix in the ERP. Each is a `;` CSV through the one CSV writer
 * (formula cells made text), written page by page into a transfer file the screen reads back with
 * transfer.read and saves (with the BOM Excel needs). Passwords never leave (LGPD).
 */
import { AppError } from '../../../../shared/contract/result';
import type { ExportKind, PreparedCsv } from '../../../../shared/contract/import';
import { effectiveContractIdentifier, effectiveLabel, formatPhone, serviceStatusLabels, type Link, type ServiceStatus } from '../../../../shared/domain';
import { datedName } from '../../../../shared/domain/text';
import { csvLines } from '../../../../shared/csv';
import type { RejectedRow } from '../../../../shared/import/validate';
import type { HandlerTable } from '../../dispatch';
import type { Clock } from '../../ports';
import type { Db } from '../../store/store';
import { customerOf } from '../../store/rows';
import type { Transfers } from '../transfers';

const PAGE = 2000;

const observedNames: Record<Link['observed']['state'], string> = {
  none: 'Não transmitido',
  active: 'Ativo',
  suspended: 'Suspenso',
  canceled: 'Cancelado',
  error: 'Erro',
  blocked: 'Bloqueado (falta dado)',
};

const nothing: Record<ExportKind, string> = {
  customers: 'Não há clientes para exportar: importe do ERP ou cadastre clientes primeiro.',
  services: 'Não há serviços para exportar: importe do ERP ou cadastre serviços nos clientes primeiro.',
  links: 'Não há pacotes vinculados a serviços para exportar: vincule pacotes nos serviços dos clientes primeiro.',
};

const customerColumns = ['id', 'code', 'name', 'documentType', 'document', 'emails', 'phones', 'address', 'createdAt', 'updatedAt'] as const;

export type ExportService = ReturnType<typeof createExportService>;

export function createExportService(deps: { db: Db; transfers: Transfers; clock: Clock; rejectedOf: (sessionId: string) => { fileName: string; headers: string[]; rejected: RejectedRow[] } }) {
  const { db } = deps;

  /** Writes the header, then each page `next(afterKey)` gives, until an empty page. */
  async function write<K>(base: string, header: string[], next: (after: K | null) => Promise<{ rows: string[][]; last: K | null }>): Promise<PreparedCsv> {
    const file = await deps.transfers.createFile(datedName(base, 'csv', deps.clock.now()), 'text/csv');
    let rows = 0;
    try {
      // csvLines, not toCsv(header, []): papaparse already ends a header-only file with a newline.
      await file.write(csvLines([header]));
      let after: K | null = null;
      for (;;) {
        const page = await next(after);
        if (page.rows.length === 0) break;
        await file.write(csvLines(page.rows));
        rows += page.rows.length;
        after = page.last;
      }
      return { ...(await file.finish()), rows };
    } catch (err) {
      await file.abandon();
      throw err;
    }
  }

  const customerPage = async (after: number | null) => {
    let q = db.selectFrom('customers').select(customerColumns).orderBy('id').limit(PAGE);
    if (after !== null) q = q.where('id', '>', after);
    return q.execute();
  };

  const exporters: Record<ExportKind, () => Promise<PreparedCsv>> = {
    customers: () =>
      write<number>('clientes', ['codigo_cliente', 'nome_razaosocial', 'tipo_documento', 'cpf_cnpj', 'emails', 'telefones'], async (after) => {
        const page = (await customerPage(after)).map(customerOf);
        return {
          rows: page.map((c) => [c.code ?? '', c.name, c.documentType.toUpperCase(), c.document, c.emails.join(', '), c.phones.map(formatPhone).join(', ')]),
          last: page.at(-1)?.id ?? null,
        };
      }),

    services: () =>
      write<string>(
        'servicos',
        ['id_cliente_servico', 'codigo_cliente', 'nome_razaosocial', 'cpf_cnpj', 'email_principal', 'telefone_primario', 'servico', 'status_prefixo', 'status'],
        async (after) => {
          let q = db
            .selectFrom('services as s')
            .leftJoin('customers as c', 'c.id', 's.customerId')
            .leftJoin('plans as p', 'p.id', 's.planId')
            .select(['s.id as id', 's.status as status', 'c.code as code', 'c.name as name', 'c.document as document', 'c.emails as emails', 'c.phones as phones', 'p.name as planName'])
            .orderBy('s.id')
            .limit(PAGE);
          if (after !== null) q = q.where('s.id', '>', after);
          const page = await q.execute();
          return {
            rows: page.map((s) => {
              const status = s.status as ServiceStatus;
              const emails = s.emails === null ? [] : (JSON.parse(s.emails) as string[]);
              const phones = s.phones === null ? [] : (JSON.parse(s.phones) as Parameters<typeof formatPhone>[0][]);
              return [s.id, s.code ?? '', s.name ?? '', s.document ?? '', emails.join(', '), phones.map(formatPhone).join(', '), s.planName ?? '', status, serviceStatusLabels[status] ?? s.status];
            }),
            last: page.at(-1)?.id ?? null,
          };
        },
      ),

    links: async () => {
      const packages = new Map((await db.selectFrom('packages').select(['id', 'name', 'label']).execute()).map((p) => [p.id, p]));
      return write<string>('pacotes-dos-servicos', ['id_cliente_servico', 'cpf_cnpj', 'nome_razaosocial', 'pacote', 'label', 'id_contrato', 'situacao_plataforma', 'removido_em'], async (after) => {
        let q = db
          .selectFrom('links as l')
          .leftJoin('services as s', 's.id', 'l.serviceId')
          .leftJoin('customers as c', 'c.id', 's.customerId')
          .select(['l.id as id', 'l.serviceId as serviceId', 'l.packageId as packageId', 'l.label as label', 'l.contractIdentifier as contractIdentifier', 'l.observedState as observedState', 'l.removedAt as removedAt', 'c.document as document', 'c.name as name'])
          .orderBy('l.id')
          .limit(PAGE);
        if (after !== null) q = q.where('l.id', '>', after);
        const page = await q.execute();
        return {
          rows: page.map((l) => {
            const p = packages.get(l.packageId);
            const link = { label: l.label ?? undefined, contractIdentifier: l.contractIdentifier ?? undefined };
            return [
              l.serviceId,
              l.document ?? '',
              l.name ?? '',
              p?.name ?? String(l.packageId),
              p ? effectiveLabel(link, p) : (l.label ?? ''),
              effectiveContractIdentifier(link, { id: l.serviceId }),
              observedNames[l.observedState as Link['observed']['state']] ?? l.observedState,
              l.removedAt ?? '',
            ];
          }),
          last: page.at(-1)?.id ?? null,
        };
      });
    },
  };

  return {
    async prepare(what: ExportKind): Promise<PreparedCsv> {
      const table = what === 'customers' ? 'customers' : what === 'services' ? 'services' : 'links';
      const any = await db.selectFrom(table).select(db.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      if (Number(any.n) === 0) throw new AppError('NOTHING_TO_EXPORT', nothing[what]);
      return exporters[what]();
    },

    /** The rejected lines as they were in the file, with the line number and why. */
    async rejectedReport(sessionId: string): Promise<PreparedCsv> {
      const { fileName, headers, rejected } = deps.rejectedOf(sessionId);
      if (rejected.length === 0) throw new AppError('NOTHING_TO_EXPORT', `Nenhuma linha de "${fileName}" foi rejeitada: não há relatório de erros a salvar.`);
      const file = await deps.transfers.createFile(datedName('linhas-rejeitadas', 'csv', deps.clock.now()), 'text/csv');
      try {
        await file.write(csvLines([['linha', ...headers, 'motivo']]));
        for (let i = 0; i < rejected.length; i += PAGE) {
          await file.write(csvLines(rejected.slice(i, i + PAGE).map((r) => [String(r.line), ...headers.map((_, k) => r.cells[k] ?? ''), r.reasons.join(' | ')])));
        }
        return { ...(await file.finish()), rows: rejected.length };
      } catch (err) {
        await file.abandon();
        throw err;
      }
    },
  };
}

export function exportHandlers(service: ExportService): Pick<HandlerTable, 'exports.prepare' | 'import.rejectedReport'> {
  return {
    'exports.prepare': ({ what }) => service.prepare(what),
    'import.rejectedReport': ({ sessionId }) => service.rejectedReport(sessionId),
  };
}
