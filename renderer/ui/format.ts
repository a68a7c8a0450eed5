import { count } from '../../shared/domain/text';

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

export { count } from '../../shared/domain/text';

/**
 * "cerca de 40 s restantes" for work that has done `done` of `total` in `elapsedMs`, at the same pace;
 * null while too little is done to tell (the first 5 % or 2 s).
 */
export function timeLeft(done: number, total: number, elapsedMs: number): string | null {
  if (total <= 0 || done < total * 0.05 || elapsedMs < 2000) return null;
  const seconds = (elapsedMs * (total - done)) / done / 1000;
  if (seconds < 60) return `cerca de ${Math.max(5, Math.ceil(seconds / 5) * 5)} s restantes`;
  return `cerca de ${count(Math.round(seconds / 60), 'minuto restante', 'minutos restantes')}`;
}

/** "há 20 s", "há 2 min", "há 3 h": how long ago `iso` was, as a status line says it. */
export function ago(iso: string, now = Date.now()): string {
  const seconds = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (seconds < 60) return `há ${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `há ${minutes} min`;
  const hours = Math.floor(minutes / 60);
  return hours < 48 ? `há ${hours} h` : `há ${Math.floor(hours / 24)} dias`;
}

export function newId(): string {
  return crypto.randomUUID();
}
