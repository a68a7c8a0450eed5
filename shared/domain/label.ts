import { fold } from './text';
/**
 * S10: the label — the platform's identifier of a package's licence — is generated in a standard
 * way when the package is created, and may be overridden by hand.
 */

export const LABEL_MAX_LENGTH = 64;
const PREFIX = 'campsoft-';

export function slugify(text: string): string {
  return fold(text)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
}

/** `campsoft-<slug of the name>-<package number>`, at most 64 characters; the slug is cut, never the number. */
export function generateLabel(packageName: string, packageNumber: number): string {
  const suffix = `-${packageNumber}`;
  const room = LABEL_MAX_LENGTH - PREFIX.length - suffix.length;
  const slug = slugify(packageName).slice(0, Math.max(room, 0)).replace(/-+$/, '');
  return slug === '' ? `${PREFIX.slice(0, -1)}${suffix}` : `${PREFIX}${slug}${suffix}`;
}

/** Portuguese reason why a hand-typed label cannot be used, or null when it can. */
export function validateLabel(label: string): string | null {
  if (label.length === 0) return 'Informe o label ou deixe o padrão gerado pelo sistema.';
  if (label.length > LABEL_MAX_LENGTH) {
    return `Label com ${label.length} caracteres: use no máximo ${LABEL_MAX_LENGTH}.`;
  }
  if (!/^[a-z0-9-]+$/.test(label)) {
    return 'Label inválido: use só letras minúsculas sem acento, números e hífen (-), por exemplo campsoft-leitura-12.';
  }
  return null;
}
