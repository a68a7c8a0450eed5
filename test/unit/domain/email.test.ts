import { describe, expect, it } from 'vitest';
import { maskEmail, parseEmail } from '../../../shared/domain/email';

describe('customer e-mail', () => {
  it('stores the address trimmed and lowercase, as the platform login', () => {
    expect(parseEmail('  Maria.Silva@Example.COM ')).toEqual({ ok: true, email: 'maria.silva@example.com' });
  });

  it.each(['maria', 'maria@', '@example.com', 'maria silva@example.com', 'maria@example'])('rejects %s with a Portuguese hint', (raw) => {
    const r = parseEmail(raw);
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.message).toMatch(/^E-mail inválido/);
  });

  it('asks for the e-mail when empty', () => {
    expect(parseEmail('')).toEqual({ ok: false, message: 'Informe o e-mail do cliente.' });
  });

  it('masks the mailbox but keeps the domain', () => {
    expect(maskEmail('maria@example.com')).toBe('m***@example.com');
    expect(maskEmail('not-an-email')).toBe('***');
  });
});
