/** E-mail addresses: the subscriber's login on Campsoft (CAMPSOFT_API.md), so stored trimmed and lowercase. */
import { z } from 'zod';

export type ParsedEmail = { ok: true; email: string } | { ok: false; message: string };

const EmailText = z.email();

export function parseEmail(raw: string): ParsedEmail {
  const email = (raw ?? '').trim().toLowerCase();
  if (email === '') return { ok: false, message: 'Informe o e-mail do cliente.' };
  if (!EmailText.safeParse(email).success) {
    return { ok: false, message: `E-mail inválido: "${email}". Confira o endereço, por exemplo maria@exemplo.com.br.` };
  }
  return { ok: true, email };
}

/** LGPD: logs and lists show the first letter of the mailbox and the domain only. */
export function maskEmail(email: string): string {
  const at = email.lastIndexOf('@');
  if (at < 1) return '***';
  return `${email[0]}***${email.slice(at)}`;
}
