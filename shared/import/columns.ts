/**
 * The Genérico column mapping: each field from the column whose title any of the ERPs the office
 * exports from gives it — HubSoft (its export and its printed reports), IXC Provedor (tables
 * `cliente` and `cliente_contrato`: `id`, `id_cliente`, `razao`, `cnpj_cpf`, `email`,
 * `telefone_celular`, `fone`, `contrato`, `status_internet`…) and MK Solutions (printed titles
 * such as "Código da Conexão", "Plano de Acesso", "Situação") — compared without case, accents,
 * spaces, punctuation or the little words de/do/da ("Código do Serviço" = codigo_servico =
 * "CÓDIGO-SERVIÇO"; "Cód. Serviço" = cod_servico). And the columns left unmapped whose values look like e-mails or
 * phones, so a forgotten optional column is pointed out before the preview instead of every line
 * saying "Sem e-mail".
 */
import { parseDocument } from '../domain/document';
import { parseEmail } from '../domain/email';
import { parsePhone } from '../domain/phone';
import { columnKey, emptyMapping, fieldLabels, type ColumnMapping, type MappingField } from './parse';

export { columnKey };

/** Titles by field, most specific first (HubSoft, IXC, MK and the words a person would type). */
const synonyms: Record<MappingField, string[]> = {
  serviceId: [
    'idclienteservico',
    'idservico',
    'codigoservico',
    'codservico',
    'idclientecontrato',
    'idcontrato',
    'codigocontrato',
    'codcontrato',
    'contratoid',
    'numerocontrato',
    'codigoconexao',
    'codconexao',
    'idconexao',
  ],
  customerCode: ['codigocliente', 'codcliente', 'idcliente', 'clienteid', 'codigoassinante', 'idassinante', 'matricula'],
  name: ['nomerazaosocial', 'razaosocial', 'razao', 'nomecliente', 'nomecompleto', 'nomeassinante', 'nome', 'cliente', 'assinante'],
  document: ['cpfcnpj', 'cnpjcpf', 'documento', 'cpfoucnpj', 'cnpjoucpf', 'cpf', 'cnpj', 'doc', 'numerodocumento'],
  emails: ['emailprincipal', 'email', 'emails', 'email1', 'emailsecundario', 'email2', 'emailcliente', 'emailcobranca', 'emailfinanceiro', 'correioeletronico'],
  phones: [
    'celular',
    'telefonecelular',
    'fonecelular',
    'celular1',
    'whatsapp',
    'telefoneprimario',
    'telefone',
    'telefone1',
    'fone',
    'telefones',
    'telefonesecundario',
    'telefone2',
    'celularsecundario',
    'celular2',
    'telefoneresidencial',
    'foneresidencial',
    'telefonecomercial',
    'fonecomercial',
  ],
  plan: ['servico', 'plano', 'nomeservico', 'descricaoservico', 'nomeplano', 'descricaoplano', 'planoacesso', 'planocontratado', 'servicoplano', 'contrato', 'produto'],
  // the prefix is unambiguous; the printed status is the fallback
  status: [
    'statusprefixo',
    'statusservico',
    'situacaoservico',
    'statuscontrato',
    'situacaocontrato',
    'statusinternet',
    'situacaoconexao',
    'statusconexao',
    'status',
    'situacao',
  ],
};

// Required fields first, so a title two fields could take ("contrato") goes where it is needed.
const order: MappingField[] = ['serviceId', 'document', 'name', 'plan', 'status', 'customerCode', 'emails', 'phones'];

/** The mapping the Genérico model proposes: no column twice, every field from its best title. */
export function recognizedMapping(headers: readonly string[]): ColumnMapping {
  const keys = headers.map(columnKey);
  const used = new Set<number>();
  const free = (name: string) => keys.findIndex((k, i) => k === name && !used.has(i));
  const mapping = emptyMapping();
  for (const field of order) {
    if (field === 'emails' || field === 'phones') {
      for (const name of synonyms[field]) {
        for (let i = free(name); i >= 0; i = free(name)) {
          mapping[field].push(i);
          used.add(i);
        }
      }
      continue;
    }
    for (const name of synonyms[field]) {
      const i = free(name);
      if (i >= 0) {
        mapping[field] = i;
        used.add(i);
        break;
      }
    }
  }
  // IXC's cliente_contrato: the contract's own id is the plain "id", beside "id_cliente".
  if (mapping.serviceId === null && mapping.customerCode !== null && keys[mapping.customerCode] === 'idcliente') {
    const i = free('id');
    if (i >= 0) mapping.serviceId = i;
  }
  return mapping;
}

export type ColumnKind = 'email' | 'phone';
export type ColumnLook = { column: number; kind: ColumnKind };

const SAMPLE_ROWS = 200;

/**
 * Columns whose values mostly look like e-mails or phones, from the first lines: half of the filled
 * cells at least. A CPF is 11 digits like a mobile with DDD, so a value that is a valid CPF/CNPJ is
 * not counted as a phone.
 */
export function columnLooks(rows: readonly { cells: readonly string[] }[], width: number): ColumnLook[] {
  const sample = rows.slice(0, SAMPLE_ROWS);
  const looks: ColumnLook[] = [];
  for (let column = 0; column < width; column++) {
    let filled = 0;
    let emails = 0;
    let phones = 0;
    for (const { cells } of sample) {
      const value = (cells[column] ?? '').trim();
      if (value === '') continue;
      filled++;
      const first = value.split(/[,;/|]+/)[0]!.trim();
      if (first.includes('@')) {
        if (parseEmail(first).ok) emails++;
      } else if (/^[\d\s()+.-]{8,}$/.test(first) && !parseDocument(first).ok && parsePhoneLike(first)) phones++;
    }
    if (filled === 0) continue;
    if (emails * 2 >= filled) looks.push({ column, kind: 'email' });
    else if (phones * 2 >= filled) looks.push({ column, kind: 'phone' });
  }
  return looks;
}

/** A phone, or one with a wrong DDD (still a phone column: its lines get the DDD warning). */
function parsePhoneLike(text: string): boolean {
  const parsed = parsePhone(text);
  return parsed.ok || parsed.wrongDdd === true;
}

const kindField: Record<ColumnKind, 'emails' | 'phones'> = { email: 'emails', phone: 'phones' };
const kindWords: Record<ColumnKind, string> = { email: 'e-mails', phone: 'telefones' };

/** What the columns step says about a column that looks like e-mails or phones and goes nowhere. */
export function unmappedHints(headers: readonly string[], looks: readonly ColumnLook[], mapping: ColumnMapping): string[] {
  const mapped = new Set<number>([mapping.serviceId, mapping.customerCode, mapping.name, mapping.document, mapping.plan, mapping.status, ...mapping.emails, ...mapping.phones].filter((i): i is number => i !== null));
  return looks
    .filter((l) => !mapped.has(l.column))
    .map((l) => {
      const title = headers[l.column]?.trim() || `Coluna ${l.column + 1}`;
      return `A coluna "${title}" parece conter ${kindWords[l.kind]}; associe-a ao campo ${fieldLabels[kindField[l.kind]]}, ou os clientes ficarão sem ${l.kind === 'email' ? 'e-mail' : 'telefone'} e seus pacotes não serão transmitidos.`;
    });
}

/**
 * E-mail and phone are optional in the file but required to transmit: with no column chosen for
 * one of them (and none that looks like it), every line would say so in the preview; the columns
 * step says it once, before.
 */
export function missingContactNotes(looks: readonly ColumnLook[], mapping: ColumnMapping, rowCount: number): string[] {
  const lines = rowCount === 1 ? 'o cliente do arquivo será importado' : `os ${rowCount.toLocaleString('pt-BR')} clientes do arquivo serão importados`;
  const notes: string[] = [];
  for (const kind of ['email', 'phone'] as const) {
    if (mapping[kindField[kind]].length > 0 || looks.some((l) => l.kind === kind)) continue;
    const what = kind === 'email' ? 'e-mail' : 'telefone';
    notes.push(
      `Nenhuma coluna de ${what} escolhida: ${lines} sem ${what}, e os pacotes só serão transmitidos depois que um ${what} for cadastrado. ` +
        `Se o arquivo tem ${kindWords[kind]}, escolha a coluna em ${fieldLabels[kindField[kind]]}.`,
    );
  }
  return notes;
}
