/**
 * Per-row validation of an ERP export: what would be imported from each line, what is only a
 * warning (imported anyway), and what rejects the line. Every rule comes from shared/domain; the
 * values an export repeats on every line (status, plan) are read once per distinct text.
 */
import { parseDocument } from '../domain/document';
import { parseEmail } from '../domain/email';
import type { DocumentType, Phone, ServiceStatus } from '../domain/model';
import { parsePhone } from '../domain/phone';
import { parseServiceStatus, serviceStatusLabels } from '../domain/status';
import { foldName } from '../domain/text';
import type { ColumnMapping, ParsedFile } from './parse';

export type ImportRow = {
  line: number;
  serviceId: string;
  customerCode?: string;
  name: string;
  documentType: DocumentType;
  document: string;
  emails: string[];
  phones: Phone[];
  planName: string;
  status: ServiceStatus;
  warnings: string[];
};

export type RejectedRow = { line: number; cells: string[]; reasons: string[] };
export type DuplicateRow = { line: number; sameAs: number };

export type Validation = {
  rows: ImportRow[];
  rejected: RejectedRow[];
  /** Lines identical to an earlier one: reported, imported once. */
  duplicates: DuplicateRow[];
  /** Plan names as written in the file, in order of first appearance. */
  planNames: string[];
  /** Imported rows whose CPF/CNPJ got back the leading zeros Excel dropped (see restoreLeadingZeros). */
  restoredDocuments: number;
  /** Imported lines with a phone left out (a DDD that does not exist, too few digits…): each says which. */
  droppedPhones: number;
  /** How many of those phones had a DDD that does not exist in Brazil. */
  invalidDdds: number;
};

const cell = (cells: string[], index: number | null) => (index === null ? '' : (cells[index] ?? '').trim());

// A cell may hold several e-mails or phones: "a@x.com; b@y.com", "(11) 91234-5678 / (11) 3456-7890".
const splitEmails = (text: string) => text.split(/[\s,;/|]+/).filter((t) => t !== '');
const splitPhones = (text: string) => text.split(/[,;/|]+/).map((t) => t.trim()).filter((t) => t !== '');

export const S9_NO_EMAIL = 'Sem e-mail: o cliente será importado, mas os pacotes só serão transmitidos depois que um e-mail for cadastrado.';
export const S9_NO_PHONE = 'Sem telefone: o cliente será importado, mas os pacotes só serão transmitidos depois que um telefone for cadastrado.';

/**
 * A CPF/CNPJ typed as a number in Excel loses its leading zeros: 012.345.678-90 is stored as
 * 1234567890. For a cell that was a number in an XLSX (never a CSV or a text cell, taken as
 * written), 9–10 digits are a CPF and 12–13 digits a CNPJ that lost zeros: padded back to 11 or 14.
 * The check digits then confirm it. Done here and not in the reader because only the column
 * mapping, which the office may change, says which column is the document; the reader only marks
 * the cells that were numbers (ParsedRow.numeric).
 */
export function restoreLeadingZeros(digits: string): string | null {
  if (/^\d{9,10}$/.test(digits)) return digits.padStart(11, '0');
  if (/^\d{12,13}$/.test(digits)) return digits.padStart(14, '0');
  return null;
}

export function validateRows(file: Pick<ParsedFile, 'rows'>, mapping: ColumnMapping): Validation {
  const rows: ImportRow[] = [];
  const rejected: RejectedRow[] = [];
  const duplicates: DuplicateRow[] = [];
  const seenServices = new Map<string, number>();
  const planNames = new Map<string, string>();
  // An export has a handful of statuses and plans for thousands of lines.
  const statuses = new Map<string, ServiceStatus | null>();
  const plans = new Map<string, { name: string; key: string }>();
  let restoredDocuments = 0;
  let droppedPhones = 0;
  let invalidDdds = 0;

  const sameLine = duplicateLines();

  for (const { line, cells, numeric } of file.rows) {
    const serviceId = cell(cells, mapping.serviceId);
    const earlier = sameLine(serviceId, line, cells);
    if (earlier !== undefined) {
      duplicates.push({ line, sameAs: earlier });
      continue;
    }

    const reasons: string[] = [];
    const warnings: string[] = [];

    if (serviceId === '') reasons.push('Sem código do serviço (id_cliente_servico): preencha a coluna no ERP e exporte de novo.');
    else if (seenServices.has(serviceId)) {
      reasons.push(`id_cliente_servico ${serviceId} repetido com dados diferentes (já aparece na linha ${seenServices.get(serviceId)}): corrija no ERP qual linha vale.`);
    }

    const name = cell(cells, mapping.name);
    if (name === '') reasons.push('Sem nome / razão social do cliente.');

    const written = cell(cells, mapping.document);
    const restored = numeric !== undefined && mapping.document !== null && numeric.includes(mapping.document) ? restoreLeadingZeros(written) : null;
    const doc = parseDocument(restored ?? written);
    if (!doc.ok) reasons.push(doc.message);

    const planText = cell(cells, mapping.plan);
    let plan = plans.get(planText);
    if (!plan) {
      const name = planText.replace(/\s+/g, ' ');
      plan = { name, key: planNameKey(name) };
      plans.set(planText, plan);
    }
    const planName = plan.name;
    if (planName === '') reasons.push('Sem serviço/plano: informe o plano do serviço no ERP.');

    const statusText = cell(cells, mapping.status);
    let status = statuses.get(statusText);
    if (status === undefined) {
      status = parseServiceStatus(statusText);
      statuses.set(statusText, status);
    }
    if (statusText === '') reasons.push('Sem status do serviço: informe o status (por exemplo servico_habilitado ou Suspenso por Débito).');
    else if (!status) {
      reasons.push(
        `Status "${statusText}" desconhecido: use um status do ERP, por exemplo ${serviceStatusLabels.servico_habilitado} (servico_habilitado) ou ${serviceStatusLabels.suspenso_debito} (suspenso_debito).`,
      );
    }

    const emails: string[] = [];
    for (const index of mapping.emails) {
      for (const text of splitEmails(cell(cells, index))) {
        const parsed = parseEmail(text);
        if (parsed.ok) {
          if (!emails.includes(parsed.email)) emails.push(parsed.email);
        } else warnings.push(`${parsed.message} O e-mail não será importado.`);
      }
    }
    if (emails.length === 0) warnings.push(S9_NO_EMAIL);

    const phones: Phone[] = [];
    let dropped = 0;
    let wrongDdd = 0;
    for (const index of mapping.phones) {
      for (const text of splitPhones(cell(cells, index))) {
        const parsed = parsePhone(text);
        if (parsed.ok) {
          if (!phones.some((p) => p.ddd === parsed.phone.ddd && p.number === parsed.phone.number)) phones.push(parsed.phone);
        } else {
          dropped++;
          if (parsed.wrongDdd) wrongDdd++;
          warnings.push(`Telefone "${text}": ${parsed.message} O telefone não será importado.`);
        }
      }
    }
    if (phones.length === 0) warnings.push(S9_NO_PHONE);

    if (reasons.length > 0 || !doc.ok || !status) {
      rejected.push({ line, cells, reasons });
      continue;
    }
    seenServices.set(serviceId, line);
    if (restored) restoredDocuments++;
    if (dropped > 0) droppedPhones++;
    invalidDdds += wrongDdd;
    const planKey = plan.key;
    if (!planNames.has(planKey)) planNames.set(planKey, planName);
    const customerCode = cell(cells, mapping.customerCode);
    rows.push({
      line,
      serviceId,
      customerCode: customerCode === '' ? undefined : customerCode,
      name: name.replace(/\s+/g, ' '),
      documentType: doc.type,
      document: doc.number,
      emails,
      phones,
      planName: planNames.get(planKey)!,
      status,
      warnings,
    });
  }
  return { rows, rejected, duplicates, planNames: [...planNames.values()], restoredDocuments, droppedPhones, invalidDdds };
}

/**
 * The earlier line a line repeats exactly, if any. Two equal lines have the same
 * id_cliente_servico, so whole lines are compared only among the lines of one id: in an export
 * where ids are unique, no line is ever joined into a key.
 */
function duplicateLines() {
  const byId = new Map<string, { line: number; cells: string[] } | Map<string, number>>();
  return (serviceId: string, line: number, cells: string[]): number | undefined => {
    const seen = byId.get(serviceId);
    if (seen === undefined) {
      byId.set(serviceId, { line, cells });
      return undefined;
    }
    let wholes: Map<string, number>;
    if (seen instanceof Map) wholes = seen;
    else byId.set(serviceId, (wholes = new Map([[seen.cells.join('\u0000'), seen.line]])));
    const whole = cells.join('\u0000');
    const earlier = wholes.get(whole);
    if (earlier === undefined) wholes.set(whole, line);
    return earlier;
  };
}

/** Plan names compared without case, accents or extra spaces ("FIBRA 300 MB" = "Fibra 300 MB"). */
export function planNameKey(name: string): string {
  return foldName(name);
}
