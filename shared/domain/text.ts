const ASCII = /^[\x00-\x7f]*$/;

/** Text compared the way an office clerk reads it: without accents and case ("Conceição" = "CONCEICAO"). */
export function fold(text: string): string {
  // ASCII has nothing to decompose: skip the Unicode normalization (an import folds every name and plan).
  if (ASCII.test(text)) return text.toLowerCase();
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase();
}

/** A name folded, with single spaces and no spaces at the ends: "  Fibra   300 MB" = "fibra 300 mb". */
export function foldName(text: string): string {
  return fold(text).replace(/\s+/g, ' ').trim();
}

/** "1 cliente", "1.500 clientes": the count in pt-BR digits with the right form of the noun phrase. */
export function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('pt-BR')} ${n === 1 ? one : many}`;
}

/** A file name with the local date: `clientes-2026-11-29.csv`. */
export function datedName(base: string, ext: string, now: Date | number = new Date()): string {
  const d = new Date(now);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${base}-${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}.${ext}`;
}
