const dateTime = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short', timeStyle: 'short' });
const date = new Intl.DateTimeFormat('pt-BR', { dateStyle: 'short' });

/** `29/11/2026 04:00`; empty for a missing date. */
export function formatDateTime(iso: string | undefined | null): string {
  return iso ? dateTime.format(new Date(iso)) : '';
}

/** `29/11/2026`. */
export function formatDate(iso: string | undefined | null): string {
  return iso ? date.format(new Date(iso)) : '';
}

/** "1 cliente", "1.500 clientes": the count in pt-BR digits with the right form of the noun phrase. */
export function count(n: number, one: string, many: string): string {
  return `${n.toLocaleString('pt-BR')} ${n === 1 ? one : many}`;
}

export function newId(): string {
  return crypto.randomUUID();
}
