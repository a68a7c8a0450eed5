/**
 * Relatório de SVA do mês (issue 13), for the accountant: totals by package and by product (quantity,
 * SVA revenue, SCM share, the platform's cost, margin), the exceptions of the Conferência da fatura,
 * who generated it and when, and the sha-256 of the data it was built from (the month's lines and
 * the platform's licences). Laid out here as a pdfmake document and rendered in the host, with the
 * Roboto that ships with pdfmake embedded (the PDF's standard Helvetica is drawn by each viewer with
 * its own substitute, and Chromium's ran the words together).
 */
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import pdfmake from 'pdfmake';
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import { competenceLabel, platformExceptionLabels, PLATFORM_EXCEPTIONS, type ChargingLine, type PlatformBillProduct, type PlatformException } from '../../../shared/domain/charging';
import { formatBRL } from '../../../shared/domain/money';

export type SvaReportData = {
  competence: string;
  lines: readonly ChargingLine[];
  products: readonly PlatformBillProduct[];
  exceptions: readonly PlatformException[];
  closed: { closedAt: string; closedBy: string | null } | null;
  generatedAt: string;
  generatedBy: string | null;
  provider: string;
};

/** The data's fingerprint: the lines and the platform's side, in the order the report reads them. */
export function reportHash(d: Pick<SvaReportData, 'competence' | 'lines' | 'products' | 'exceptions'>): string {
  const h = createHash('sha256');
  h.update(d.competence);
  for (const l of d.lines) h.update(JSON.stringify(l));
  h.update(JSON.stringify(d.products));
  h.update(JSON.stringify(d.exceptions));
  return h.digest('hex');
}

const when = (iso: string) => new Date(iso).toLocaleString('pt-BR', { timeZone: 'America/Sao_Paulo', dateStyle: 'short', timeStyle: 'short' });
const money = (c: number) => ({ text: formatBRL(c), alignment: 'right' as const });
const count = (n: number) => ({ text: n.toLocaleString('pt-BR'), alignment: 'right' as const });
const head = (t: string, right = false) => ({ text: t, bold: true, fillColor: '#eeeeee', ...(right && { alignment: 'right' as const }) });

type Row = { name: string; product: string; quantity: number; sva: number; scm: number; cost: number };

function sumBy(lines: readonly ChargingLine[], key: (l: ChargingLine) => string, name: (l: ChargingLine) => string): Row[] {
  const rows = new Map<string, Row>();
  for (const l of lines) {
    const k = key(l);
    const r = rows.get(k) ?? { name: name(l), product: l.productName || l.productCode, quantity: 0, sva: 0, scm: 0, cost: 0 };
    if (l.kind === 'month') r.quantity++;
    r.sva += l.svaCents;
    r.scm += l.scmCents;
    r.cost += l.costCents;
    rows.set(k, r);
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name, 'pt-BR'));
}

function totalsTable(title: string, first: string, rows: Row[]): Content[] {
  const t = rows.reduce((s, r) => ({ quantity: s.quantity + r.quantity, sva: s.sva + r.sva, scm: s.scm + r.scm, cost: s.cost + r.cost }), { quantity: 0, sva: 0, scm: 0, cost: 0 });
  return [
    { text: title, style: 'h2' },
    {
      table: {
        headerRows: 1,
        widths: ['*', 'auto', 'auto', 'auto', 'auto', 'auto'],
        body: [
          [head(first), head('Quantidade', true), head('Receita SVA', true), head('Parcela SCM', true), head('Custo da plataforma', true), head('Margem', true)],
          ...rows.map((r) => [{ text: first === 'Pacote' ? `${r.name}\n${r.product}` : r.name }, count(r.quantity), money(r.sva), money(r.scm), money(r.cost), money(r.sva - r.cost)]),
          [{ text: 'Total', bold: true }, count(t.quantity), money(t.sva), money(t.scm), money(t.cost), money(t.sva - t.cost)],
        ],
      },
      layout: 'lightHorizontalLines',
    },
  ];
}

export function svaReportDefinition(d: SvaReportData, dataHash: string): TDocumentDefinitions {
  const month = d.lines.filter((l) => l.kind === 'month');
  const adjustments = d.lines.filter((l) => l.kind === 'adjustment');
  const byKind = PLATFORM_EXCEPTIONS.map((k) => [platformExceptionLabels[k], d.exceptions.filter((e) => e.kind === k).length] as const);
  const listed = d.exceptions.slice(0, 60);
  const expected = d.products.reduce((s, p) => s + p.expectedCents, 0);
  return {
    info: { title: `Relatório de SVA ${competenceLabel(d.competence)}`, author: d.generatedBy ?? 'SVA Desk', subject: `sha256 ${dataHash}`, creator: 'SVA Desk' },
    pageSize: 'A4',
    pageMargins: [40, 50, 40, 50],
    defaultStyle: { font: 'Roboto', fontSize: 9 },
    styles: { h1: { fontSize: 16, bold: true, margin: [0, 0, 0, 4] }, h2: { fontSize: 11, bold: true, margin: [0, 14, 0, 6] }, small: { fontSize: 7.5, color: '#444444' } },
    footer: (page, pages) => ({ text: `Relatório de SVA ${competenceLabel(d.competence)} · página ${page} de ${pages} · dados sha256 ${dataHash.slice(0, 16)}`, style: 'small', alignment: 'center', margin: [0, 20, 0, 0] }),
    content: [
      { text: `Relatório de SVA do mês · competência ${competenceLabel(d.competence)}`, style: 'h1' },
      { text: d.provider, margin: [0, 0, 0, 6] },
      {
        text: [
          `Gerado em ${when(d.generatedAt)} ${d.generatedBy ? `por ${d.generatedBy}` : '(atendente desta mesa não informado)'}. `,
          d.closed ? `Competência fechada em ${when(d.closed.closedAt)}${d.closed.closedBy ? ` por ${d.closed.closedBy}` : ''}: os valores são os exportados ao ERP.` : 'Competência aberta: os valores ainda podem mudar até o fechamento.',
        ],
      },
      {
        text: 'SVA não é tributado por ICMS nem ISS e é destacado em separado na fatura (Anatel, Resolução 632/2014). Cada linha cobrada corresponde a uma licença confirmada pela plataforma no mês; as exceções abaixo mostram onde não corresponde.',
        style: 'small',
        margin: [0, 6, 0, 0],
      },
      {
        margin: [0, 10, 0, 0],
        table: {
          widths: ['*', 'auto'],
          body: [
            ['Licenças cobradas no mês', count(month.length)],
            ['Receita SVA', money(month.reduce((s, l) => s + l.svaCents, 0))],
            ['Parcela SCM', money(month.reduce((s, l) => s + l.scmCents, 0))],
            ['Outros itens', money(month.reduce((s, l) => s + l.otherCents, 0))],
            ['Fatura esperada da plataforma (licenças ativas lá × custo)', money(expected)],
            ...(adjustments.length ? [[`Ajustes de competências fechadas (${adjustments.length})`, money(adjustments.reduce((s, l) => s + l.amountCents, 0))]] : []),
          ],
        },
        layout: 'noBorders',
      },
      ...totalsTable('Totais por pacote', 'Pacote', sumBy(d.lines, (l) => `${l.packageName}\u0000${l.productCode}`, (l) => l.packageName)),
      ...totalsTable('Totais por produto', 'Produto', sumBy(d.lines, (l) => `${l.integrationId}:${l.productCode}`, (l) => l.productName || l.productCode)),
      { text: 'Exceções da conferência com a plataforma', style: 'h2' },
      { ul: byKind.map(([label, n]) => `${label}: ${n.toLocaleString('pt-BR')}`) },
      ...(listed.length
        ? [
            {
              margin: [0, 6, 0, 0] as [number, number, number, number],
              table: {
                headerRows: 1,
                widths: ['auto', '*', 'auto', 'auto'],
                body: [
                  [head('Exceção'), head('Cliente · serviço'), head('Contrato · label'), head('Cobrado', true)],
                  ...listed.map((e) => [platformExceptionLabels[e.kind], `${e.customerName ?? '—'}${e.serviceId ? ` · ${e.serviceId}` : ''}`, `${e.contractIdentifier} · ${e.label}`, e.amountCents === undefined ? '—' : money(e.amountCents)]),
                ],
              },
              layout: 'lightHorizontalLines',
            },
          ]
        : []),
      ...(d.exceptions.length > listed.length ? [{ text: `… e mais ${d.exceptions.length - listed.length} exceções: veja a aba Fatura da plataforma em Cobrança.`, style: 'small' }] : []),
      { text: `Dados: sha256 ${dataHash}`, style: 'small', margin: [0, 16, 0, 0] },
    ],
  };
}

let fontsSet = false;

/** The report as PDF bytes. Only pdfmake's own font files are read; every URL is refused. */
export async function renderSvaReport(d: SvaReportData): Promise<{ pdf: Buffer; dataHash: string }> {
  if (!fontsSet) {
    const font = (file: string) => createRequire(import.meta.url).resolve(`pdfmake/fonts/Roboto/${file}`);
    const dir = dirname(font('Roboto-Regular.ttf'));
    pdfmake.setFonts({ Roboto: { normal: font('Roboto-Regular.ttf'), bold: font('Roboto-Medium.ttf'), italics: font('Roboto-Italic.ttf'), bolditalics: font('Roboto-MediumItalic.ttf') } });
    pdfmake.setUrlAccessPolicy(() => false);
    pdfmake.setLocalAccessPolicy((path) => dirname(path) === dir);
    fontsSet = true;
  }
  const dataHash = reportHash(d);
  const doc = pdfmake.createPdf(svaReportDefinition(d, dataHash));
  return { pdf: Buffer.from(await doc.getBuffer()), dataHash };
}
