/**
 * LGPD, per customer (DOMAIN.md "Brazilian data rules"): what an export holds, when an erasure may
 * run, and how the history is anonymized. The host's erasure and the renderer's (until it goes away)
 * both read these.
 *
 * Which history events are "about" a customer: customer events carry `cliente:<id>`, service and
 * package events `cliente:<id>/servico:<sid>`, the transmission writes `cliente:<id>` when it knows
 * the customer, the conference with the platform `licenca:<id_contrato>/<label>` (subjects.ts). The
 * customer's names (current and past, read back from their own save events) are not a subject: the
 * erasure scrubs them from the messages of these events.
 */
import { competenceLabel } from './charging';
import { formatDocument, maskDocument } from './document';
import type { Customer } from './model';
import { formatPhone, maskPhone } from './phone';

export const LGPD_EXPORT_FORMAT = 'sva-desk-lgpd-export';
/** What the customer's name and identifiers read as in the history after an erasure. */
export const ERASED = 'cliente excluído (LGPD)';

export const EXPORT_HEADER =
  'Dados pessoais mantidos pelo provedor sobre este cliente no SVA Desk (LGPD, art. 18): cadastro, serviços, ' +
  'pacotes vinculados e o histórico de eventos sobre ele. Os pacotes incluem a senha personalizada (campo "password"), ' +
  'quando houver, por ser dado do próprio cliente; sem ela, a senha na plataforma é o CPF/CNPJ do cliente.';

export const ERASURE_BLOCKED_MESSAGE =
  'Cancele os serviços do cliente; quando a plataforma confirmar o cancelamento das licenças, a exclusão fica disponível.';

/** The file name carries no personal data: it stays in the download history. */
export function exportFileName(data: { customer: Pick<Customer, 'id'>; exportedAt: string }): string {
  return `lgpd-cliente-${data.customer.id}-${data.exportedAt.slice(0, 10)}.json`;
}

// ---- the customer's names, as their own save events recorded them ----

/** The history message of a customer save; `customerNamesIn` reads the name back from it. */
export function customerSaveMessage(name: string, document: string, created: boolean): string {
  // LGPD: the history shows the document masked
  return `${created ? 'Cliente cadastrado' : 'Cliente alterado'}: ${name} (${maskDocument(document)}).`;
}

const SAVE_MESSAGE = /^Cliente (?:cadastrado|alterado): (.*) \([^()]*\)\.$/;

/** The names a customer had, read from the messages of their own save events. */
export function customerNamesIn(messages: Iterable<string>): string[] {
  const names = new Set<string>();
  for (const message of messages) {
    const m = SAVE_MESSAGE.exec(message);
    if (m) names.add(m[1]);
  }
  return [...names];
}

// ---- anonymizing the history ----

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** Every way the customer's identifiers appear in text: clear, formatted and masked (8 characters or more). */
export function identifierTexts(customer: Pick<Customer, 'documentType' | 'document' | 'emails' | 'phones'>): string[] {
  const doc = customer.document;
  const texts = new Set<string>([doc, formatDocument(customer.documentType, doc), maskDocument(doc)]);
  for (const e of customer.emails) texts.add(e);
  for (const p of customer.phones) {
    for (const t of [formatPhone(p), maskPhone(p), `${p.ddi}${p.ddd}${p.number}`, `${p.ddd}${p.number}`, p.number]) texts.add(t);
  }
  // a bare 4-digit tail would erase unrelated numbers
  return [...texts].filter((t) => t.length >= 8).sort((a, b) => b.length - a.length);
}

/** Masked documents as maskDocument prints them, today's and earlier forms (a CNPJ's branch was hidden). */
export const MASKED_DOCUMENTS: readonly RegExp[] = [/\*\*\*\.[0-9]{3}\.[0-9]{3}-\*\*/g, /\*\*\.[0-9A-Z]{3}\.[0-9A-Z]{3}\/(?:\*{4}|[0-9A-Z]{4})-\*\*/g];

export type Scrubber = {
  /** for the events about the customer: names, identifiers and masked documents */
  own: RegExp[];
  /** for any other event: the identifiers only (unique to this person; a name is not) */
  identifiers: RegExp[];
};

export function scrubber(names: readonly string[], customer: Pick<Customer, 'documentType' | 'document' | 'emails' | 'phones'>): Scrubber {
  const nameRes = names
    .filter((n) => n.trim().length > 0)
    .sort((a, b) => b.length - a.length)
    .map((n) => new RegExp(escape(n), 'gi'));
  const identifiers = identifierTexts(customer).map((t) => new RegExp(escape(t), 'gi'));
  return { own: [...nameRes, ...identifiers, ...MASKED_DOCUMENTS], identifiers };
}

export function scrub(text: string, patterns: readonly RegExp[]): string {
  return patterns.reduce((t, p) => t.replace(p, ERASED), text);
}

/**
 * What an erasure leaves in closed competências: their billing lines (name, CPF/CNPJ, amounts) are
 * the record of what was invoiced, kept as the tax law requires (LGPD art. 16, I: compliance with a
 * legal obligation) and never changed after closing. null when no closed month has the customer.
 */
export function closedMonthsMessage(competences: readonly string[]): string | null {
  if (competences.length === 0) return null;
  const labels = competences.map(competenceLabel);
  const list = labels.length === 1 ? labels[0] : `${labels.slice(0, -1).join(', ')} e ${labels.at(-1)}`;
  return (
    `${labels.length === 1 ? 'A competência fechada' : 'As competências fechadas'} ${list} ${labels.length === 1 ? 'guarda' : 'guardam'} as linhas de cobrança deste cliente ` +
    '(nome, CPF/CNPJ e valores) como registro fiscal do que foi faturado: a LGPD permite guardá-las pelo prazo da lei fiscal (art. 16, I), e um mês fechado não muda.'
  );
}
