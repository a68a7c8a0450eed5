/** Money as integer centavos, printed and read the Brazilian way (R$ 1.234,56). */

export type ParsedMoney = { ok: true; cents: number } | { ok: false; message: string };

const brl = new Intl.NumberFormat('pt-BR', { style: 'currency', currency: 'BRL' });

/** `R$ 1.234,56`, with a plain space: Intl puts a non-breaking one after R$, which breaks comparisons. */
export function formatBRL(cents: number): string {
  return brl.format(cents / 100).replace(/[\u00a0\u202f]/g, ' ');
}

/**
 * Reads `1.234,56`, `R$ 10`, `10,5`, `0`, `-0`. A dot is a thousands separator (pt-BR), so
 * `1.234` is one thousand two hundred and thirty-four reais; a comma starts the centavos.
 */
export function parseBRL(text: string): ParsedMoney {
  const clean = (text ?? '').replace(/[\s\u00a0\u202f]/g, '').replace(/^R\$/i, '');
  if (clean === '') return { ok: false, message: 'Informe o valor, por exemplo 19,90.' };
  const negative = clean.startsWith('-');
  const unsigned = negative ? clean.slice(1) : clean;
  const match = unsigned.match(/^(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d{1,2}))?$/);
  if (!match) {
    return { ok: false, message: `Valor inválido: "${text.trim()}". Use o formato 1.234,56 (vírgula antes dos centavos).` };
  }
  const reais = Number(match[1].replace(/\./g, ''));
  const centavos = Number((match[2] ?? '0').padEnd(2, '0'));
  const cents = reais * 100 + centavos;
  if (!Number.isSafeInteger(cents)) return { ok: false, message: 'Valor alto demais. Confira o número digitado.' };
  if (negative && cents !== 0) return { ok: false, message: 'O valor não pode ser negativo. Informe um valor a partir de R$ 0,00.' };
  return { ok: true, cents };
}
