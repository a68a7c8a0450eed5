/**
 * Clientes › Importar do ERP, in the host (issue 10 item 4): the renderer hands over the file in
 * pieces; the host reads it (shared/import), validates it with the office's column mapping,
 * compares it with the store (the diff, with the suspensions, re-enables and cancellations it
 * causes) and applies it in ONE mutation: every row, the search index, the remembered plan
 * mapping and the history event commit together or not at all, with progress pushed as
 * `import.progress`. The sync engine is told afterwards (desired state changed).
 */
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { randomUUID } from 'node:crypto';
import { AppError } from '../../../../shared/contract/result';
import type { ImportFile, ImportPreview, ImportResult, RowList, RowsPage } from '../../../../shared/contract/import';
import { IMPORT_CHUNK_BYTES, IMPORT_PAGE } from '../../../../shared/contract/import';
import { importSubject } from '../../../../shared/domain/subjects';
import { count } from '../../../../shared/domain/text';
import { computeDiff, defaultPlanResolution, hasChanges, type ImportCounts, type PlanChoice, type PlanResolution } from '../../../../shared/import/diff';
import { MAX_FILE_BYTES, tooLargeFile } from '../../../../shared/import/limits';
import { describeFormat, fieldLabels, hubsoftMapping, looksLikeHubsoft, missingFields, parseFile, type ColumnMapping } from '../../../../shared/import/parse';
import { columnLooks, recognizedMapping } from '../../../../shared/import/columns';
import { countsSummary } from '../../../../shared/import/summary';
import { planNameKey, validateRows } from '../../../../shared/import/validate';
import type { HandlerTable } from '../../dispatch';
import type { Clock, Emit, Logger } from '../../ports';
import type { Db, Engine, Tx } from '../../store/store';
import type { Mutate } from '../mutation';
import { settleAfter, storeFingerprint } from '../../store/bulk-insert';
import { readPlans } from '../plans';
import { loadExisting } from './existing';
import { createSessions, type Session } from './sessions';
import { writeImport } from './write';

/** The office's plan choices, by plan name folded, so the same file maps the same way next time. */
export const PLAN_MAPPING_SETTING = 'import.planMapping';

/** parse, validate and diff happen before the apply; recheck is the apply's own diff, in its transaction. */
export type ImportMeasure = 'parse' | 'validate' | 'diff' | 'recheck' | 'write' | 'index' | 'commit';

export type ImportServiceDeps = {
  db: Db;
  engine: Engine;
  mutate: Mutate;
  emit: Emit;
  clock: Clock;
  logger?: Logger;
  /** End-to-end tests only (HostPorts.importStepDelayMs): a pause after each chunk written. */
  stepDelayMs?: number;
  /** How long each phase took (the bench reads them); nothing by default. */
  measure?: (phase: ImportMeasure, ms: number) => void;
};

export type ImportService = ReturnType<typeof createImportService>;

const PROGRESS_EVERY_MS = 100;
const sameCounts = (a: ImportCounts, b: ImportCounts) => (Object.keys(a) as (keyof ImportCounts)[]).every((k) => a[k] === b[k]);

const stale = () =>
  new AppError(
    'IMPORT_STALE',
    'Os dados do SVA Desk mudaram depois da prévia (outra tela ou outra mesa gravou algo). Volte à prévia e confira de novo: nada foi gravado.',
    { retryable: true },
  );

export function createImportService(deps: ImportServiceDeps) {
  const { db, mutate, emit, clock } = deps;
  const sessions = createSessions(clock);
  const measure = deps.measure ?? (() => {});

  async function timed<T>(phase: ImportMeasure, run: () => T | Promise<T>): Promise<T> {
    const started = performance.now();
    try {
      return await run();
    } finally {
      measure(phase, performance.now() - started);
    }
  }

  const requireFile = (s: Session) => {
    if (!s.file) throw new AppError('IMPORT_NO_FILE', 'O arquivo desta importação ainda não foi enviado por inteiro. Escolha o arquivo de novo.');
    return s.file;
  };

  function describe(s: Session): ImportFile {
    const file = requireFile(s);
    const common = {
      sessionId: s.id,
      fileName: s.fileName,
      size: s.size,
      description: describeFormat(file),
      headers: file.headers,
      rowCount: file.rows.length,
      firstRow: file.rows[0]?.cells ?? [],
      // A HubSoft export gets its preset; any other file the columns whose titles HubSoft, IXC or MK give them.
      ...(looksLikeHubsoft(file.headers) ? { preset: 'hubsoft' as const, mapping: hubsoftMapping(file.headers) } : { preset: 'generic' as const, mapping: recognizedMapping(file.headers) }),
      looks: columnLooks(file.rows, file.headers.length),
    };
    return file.format === 'csv' ? { ...common, format: 'csv', encoding: file.encoding, delimiter: file.delimiter } : { ...common, format: 'xlsx', sheetName: file.sheetName };
  }

  function validation(s: Session, mapping: ColumnMapping) {
    const file = requireFile(s);
    const outside = [mapping.serviceId, mapping.customerCode, mapping.name, mapping.document, mapping.plan, mapping.status, ...mapping.emails, ...mapping.phones].some(
      (i) => i !== null && i >= file.headers.length,
    );
    if (outside) throw new AppError('VALIDATION', 'Uma das colunas escolhidas não existe neste arquivo. Escolha as colunas de novo.');
    const missing = missingFields(mapping);
    if (missing.length > 0) {
      throw new AppError('VALIDATION', `Escolha a coluna de: ${missing.map((f) => fieldLabels[f]).join(', ')}.`, {
        fields: Object.fromEntries(missing.map((f) => [f, 'Escolha a coluna.'])),
      });
    }
    const mappingKey = JSON.stringify(mapping);
    if (s.validation?.mappingKey !== mappingKey) {
      const started = performance.now();
      const value = validateRows(file, mapping);
      measure('validate', performance.now() - started);
      s.validation = { mappingKey, value, withWarnings: value.rows.filter((r) => r.warnings.length > 0) };
      s.preview = null;
    }
    return s.validation;
  }

  async function rememberedPlans(from: Db | Tx = db): Promise<Record<string, number>> {
    const row = await from.selectFrom('settings').select('value').where('key', '=', PLAN_MAPPING_SETTING).executeTakeFirst();
    return row ? (JSON.parse(row.value) as Record<string, number>) : {};
  }

  function page<L extends RowList>(s: Session, list: L, offset: number, limit: number): Extract<RowsPage, { list: L }>;
  function page(s: Session, list: RowList, offset: number, limit: number): RowsPage {
    const v = s.validation;
    if (!v) throw new AppError('IMPORT_NO_PREVIEW', 'Gere a prévia da importação primeiro.');
    const slice = <T>(items: readonly T[]) => items.slice(offset, offset + limit);
    const base = { offset };
    switch (list) {
      case 'rejected':
        return { ...base, list, total: v.value.rejected.length, items: slice(v.value.rejected) };
      case 'warnings':
        return { ...base, list, total: v.withWarnings.length, items: slice(v.withWarnings).map((r) => ({ line: r.line, serviceId: r.serviceId, name: r.name, warnings: r.warnings })) };
      case 'duplicates':
        return { ...base, list, total: v.value.duplicates.length, items: slice(v.value.duplicates) };
      case 'valid':
        return { ...base, list, total: v.value.rows.length, items: slice(v.value.rows).map((r) => ({ line: r.line, serviceId: r.serviceId, name: r.name, planName: r.planName, status: r.status })) };
    }
  }

  /** At most every 100 ms, and always at a phase's first and last step. */
  function progressOf(sessionId: string) {
    let last = 0;
    let lastPhase = '';
    return (phase: 'compare' | 'write' | 'index' | 'commit' | 'done', done: number, total: number, force = false) => {
      const now = performance.now();
      if (!force && phase === lastPhase && now - last < PROGRESS_EVERY_MS) return;
      last = now;
      lastPhase = phase;
      emit('import.progress', { sessionId, phase, done, total });
    };
  }

  return {
    open(input: { fileName: string; size: number }) {
      if (input.size > MAX_FILE_BYTES) throw new AppError('IMPORT_TOO_LARGE', tooLargeFile(input.fileName, input.size));
      const s = sessions.open(input.fileName, input.size);
      return { sessionId: s.id, chunkBytes: IMPORT_CHUNK_BYTES };
    },

    /** One piece of the file, in order; the last one makes the host read the file. */
    async upload(input: { sessionId: string; offset: number; data: string; last: boolean }): Promise<{ received: number; file: ImportFile | null }> {
      const s = sessions.get(input.sessionId);
      // A retry of the last piece after the file was read: the same answer.
      if (!s.bytes) return { received: s.size, file: s.file ? describe(s) : null };
      const piece = Buffer.from(input.data, 'base64');
      if (piece.toString('base64') !== input.data) throw new AppError('INVALID_INPUT', 'Um pedaço do arquivo chegou corrompido. Escolha o arquivo de novo.');
      if (input.offset > s.received) throw new AppError('IMPORT_UPLOAD', 'Faltou um pedaço do arquivo no envio. Escolha o arquivo de novo.');
      if (input.offset + piece.length > s.size) {
        sessions.drop(s.id);
        throw new AppError('IMPORT_UPLOAD', `O arquivo "${s.fileName}" mudou enquanto era enviado (está maior do que quando foi escolhido). Feche-o no Excel e escolha o arquivo de novo.`);
      }
      // A piece sent twice (a retry) writes the same bytes again.
      s.bytes.set(piece, input.offset);
      s.received = Math.max(s.received, input.offset + piece.length);
      if (!input.last) return { received: s.received, file: null };
      if (s.received !== s.size) {
        sessions.drop(s.id);
        throw new AppError('IMPORT_UPLOAD', `O arquivo "${s.fileName}" chegou incompleto. Escolha o arquivo de novo.`);
      }
      const bytes = s.bytes;
      const parsed = await timed('parse', () => parseFile(bytes, s.fileName));
      s.bytes = null;
      if ('error' in parsed) {
        sessions.drop(s.id);
        throw new AppError('IMPORT_UNREADABLE', parsed.error);
      }
      s.file = parsed;
      return { received: s.size, file: describe(s) };
    },

    async preview(input: { sessionId: string; mapping: ColumnMapping; plans?: Record<string, PlanChoice> }): Promise<ImportPreview> {
      const s = sessions.get(input.sessionId);
      const v = validation(s, input.mapping);
      const plans = await readPlans(db);
      const planIds = new Set(plans.map((p) => p.id));
      const resolution: PlanResolution = defaultPlanResolution(v.value.planNames, plans, await rememberedPlans());
      for (const [name, choice] of Object.entries(input.plans ?? {})) {
        if (!(name in resolution)) continue;
        if (choice.kind === 'existing' && !planIds.has(choice.planId)) {
          throw new AppError('VALIDATION', `O plano escolhido para "${name}" não existe mais (pode ter sido excluído em outra mesa). Escolha outro plano.`, { fields: { [name]: 'Plano inexistente.' } });
        }
        resolution[name] = choice;
      }
      const { diff, existing, fingerprint } = await timed('diff', async () => {
        // Before reading: a write that lands during the reads changes it, and the apply then recomputes.
        const fingerprint = await storeFingerprint(db, deps.engine);
        const existing = await loadExisting(db, v.value.rows);
        return { diff: computeDiff(v.value.rows, resolution, existing, new Date(clock.now()).toISOString()), existing, fingerprint };
      });
      s.preview = {
        id: randomUUID(),
        mappingKey: v.mappingKey,
        resolution,
        counts: diff.counts,
        diff,
        existingCustomerIds: new Map(existing.customers.map((c) => [c.document, c.id])),
        fingerprint,
      };

      const servicesPerPlan = new Map<string, number>();
      for (const r of v.value.rows) servicesPerPlan.set(r.planName, (servicesPerPlan.get(r.planName) ?? 0) + 1);
      return {
        sessionId: s.id,
        previewId: s.preview.id,
        rows: {
          valid: v.value.rows.length,
          withWarnings: v.withWarnings.length,
          rejected: v.value.rejected.length,
          duplicates: v.value.duplicates.length,
          restoredDocuments: v.value.restoredDocuments,
          droppedPhones: v.value.droppedPhones,
          invalidDdds: v.value.invalidDdds,
        },
        plans: v.value.planNames.map((name) => ({ name, services: servicesPerPlan.get(name) ?? 0, choice: resolution[name] })),
        counts: diff.counts,
        hasChanges: hasChanges(diff.counts),
        lockedReasons: diff.lockedReasons,
        pages: {
          rejected: page(s, 'rejected', 0, IMPORT_PAGE),
          warnings: page(s, 'warnings', 0, IMPORT_PAGE),
          duplicates: page(s, 'duplicates', 0, IMPORT_PAGE),
          valid: page(s, 'valid', 0, IMPORT_PAGE),
        },
      };
    },

    rows(input: { sessionId: string; list: RowList; offset: number; limit: number }): RowsPage {
      return page(sessions.get(input.sessionId), input.list, input.offset, input.limit);
    },

    async apply(input: { sessionId: string; previewId: string; lockedLinks?: 'keep' | 'remove' }): Promise<ImportResult> {
      const s = sessions.get(input.sessionId);
      const preview = s.preview;
      const v = s.validation;
      if (!preview || preview.id !== input.previewId || !v || v.mappingKey !== preview.mappingKey) {
        throw new AppError('IMPORT_STALE', 'Esta prévia não vale mais (as colunas ou os planos mudaram). Gere a prévia de novo: nada foi gravado.');
      }
      if (s.applying) throw new AppError('IMPORT_BUSY', 'Esta importação já está sendo gravada. Aguarde o fim.');
      s.applying = true;
      s.canceled = false;
      const progress = progressOf(s.id);
      progress('compare', 0, 0, true);
      let commitStarted = 0;
      try {
        const result = await settleAfter(db, deps.engine, () =>
          mutate(async (m): Promise<ImportResult> => {
            // Nothing written since the preview read the store: what it computed holds. Otherwise, again.
            const rechecking = performance.now();
            let { diff, existingCustomerIds } = preview;
            if (preview.fingerprint === null || (await storeFingerprint(m.tx, m.engine)) !== preview.fingerprint) {
              const existing = await loadExisting(m.tx, v.value.rows);
              diff = computeDiff(v.value.rows, preview.resolution, existing, m.at);
              existingCustomerIds = new Map(existing.customers.map((c) => [c.document, c.id]));
            }
            measure('recheck', performance.now() - rechecking);
            // What is written is what the office confirmed: another desk's write since then means a new preview.
            if (!sameCounts(diff.counts, preview.counts)) throw stale();
            if (!hasChanges(diff.counts)) return { summary: countsSummary(diff.counts), counts: diff.counts, written: false };
            if (diff.lockedLinks.length > 0 && !input.lockedLinks) {
              throw new AppError(
                'DECISION_MISSING',
                `${count(diff.lockedLinks.length, 'pacote está', 'pacotes estão')} em serviços que passam para um plano com Travar Pacotes ligado, que não ${diff.lockedLinks.length === 1 ? 'o permite' : 'os permite'}. ` +
                  'Escolha manter ou remover esses pacotes e confirme de novo: nada foi gravado.',
                { fields: { lockedLinks: 'Escolha manter ou remover.' } },
              );
            }

            const created = await writeImport(
              m,
              diff,
              { lockedLinks: input.lockedLinks, existingCustomerIds },
              {
                async step(phase, done, total) {
                  progress(phase, done, total, done === total);
                  await (deps.stepDelayMs ? sleep(deps.stepDelayMs) : nextTurn());
                  if (s.canceled) throw new AppError('IMPORT_CANCELED', 'Importação cancelada: nada foi gravado.');
                },
                time: (phase, ms) => measure(phase, ms),
              },
            );

            // A cancel that came after the last chunk still wins while nothing is committed.
            if (s.canceled) throw new AppError('IMPORT_CANCELED', 'Importação cancelada: nada foi gravado.');
            const remembered = await rememberedPlans(m.tx);
            for (const [name, choice] of Object.entries(preview.resolution)) {
              const id = choice.kind === 'existing' ? choice.planId : created.get(name);
              if (id !== undefined) remembered[planNameKey(name)] = id;
            }
            await m.tx
              .insertInto('settings')
              .values({ key: PLAN_MAPPING_SETTING, value: JSON.stringify(remembered), updatedAt: m.at })
              .onConflict((oc) => oc.column('key').doUpdateSet({ value: JSON.stringify(remembered), updatedAt: m.at }))
              .execute();

            const rejected = v.value.rejected.length;
            const locked = diff.lockedLinks.length;
            const lockedText =
              locked === 0
                ? ''
                : input.lockedLinks === 'remove'
                  ? ` ${count(locked, 'pacote não permitido pelo novo plano (Travar Pacotes) foi removido', 'pacotes não permitidos pelo novo plano (Travar Pacotes) foram removidos')}.`
                  : ` ${count(locked, 'pacote não permitido pelo novo plano (Travar Pacotes) foi mantido', 'pacotes não permitidos pelo novo plano (Travar Pacotes) foram mantidos')}.`;
            m.record({
              kind: 'import.erp',
              subject: importSubject(s.fileName),
              outcome: 'ok',
              message:
                `Importação do ERP (${s.fileName}): ${countsSummary(diff.counts)}.` +
                (rejected > 0 ? ` ${count(rejected, 'linha rejeitada não foi importada', 'linhas rejeitadas não foram importadas')}.` : '') +
                lockedText,
            });
            m.changed('customers', 'services', 'links', 'plans', 'settings');
            m.desiredStateChanged({ reason: 'import' });
            progress('commit', 1, 1, true);
            commitStarted = performance.now();
            return { summary: countsSummary(diff.counts), counts: diff.counts, written: true };
          }),
        );
        if (result.written) {
          measure('commit', performance.now() - commitStarted);
          sessions.drop(s.id);
        }
        progress('done', 1, 1, true);
        return result;
      } catch (err) {
        if (err instanceof AppError) throw err;
        // The engine's text names the constraint or the I/O failure, never a row's values.
        deps.logger?.error('import.apply failed', { error: err instanceof Error ? err.message : String(err) });
        throw new AppError(
          'IMPORT_FAILED',
          'A importação não foi gravada e nada foi alterado: o banco de dados do SVA Desk recusou a gravação. Tente de novo; se persistir, faça um backup e contate o suporte.',
          { cause: err },
        );
      } finally {
        s.applying = false;
      }
    },

    /** The preview's rejected lines and the file's headers (the rejected-lines report). */
    rejected(sessionId: string) {
      const s = sessions.get(sessionId);
      const file = requireFile(s);
      if (!s.validation) throw new AppError('IMPORT_NO_PREVIEW', 'Gere a prévia da importação primeiro.');
      return { fileName: s.fileName, headers: file.headers, rejected: s.validation.value.rejected };
    },

    cancel(input: { sessionId: string }) {
      if (!sessions.has(input.sessionId)) return { canceled: false };
      const s = sessions.get(input.sessionId);
      // Mid-write: the next chunk sees it and the transaction rolls back; otherwise the file is let go.
      if (s.applying) s.canceled = true;
      else sessions.drop(s.id);
      return { canceled: true };
    },
  };
}

type ImportCommand = 'import.open' | 'import.upload' | 'import.preview' | 'import.rows' | 'import.apply' | 'import.cancel';

export function importHandlers(service: ImportService): Pick<HandlerTable, ImportCommand> {
  return {
    'import.open': async (input) => service.open(input),
    'import.upload': (input) => service.upload(input),
    'import.preview': (input) => service.preview(input),
    'import.rows': async (input) => service.rows(input),
    'import.apply': (input) => service.apply(input),
    'import.cancel': async (input) => service.cancel(input),
  };
}
