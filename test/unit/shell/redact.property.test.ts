/**
 * redact() against generated personal data: CPFs, CNPJs (numeric and the 2026 alphanumeric form),
 * phones in every style an ERP export or a clerk writes, e-mails plain and url-encoded — embedded
 * in text and in objects. None survives; what must stay readable (UUIDs, timestamps, ISO dates,
 * ports) does.
 */
import { isValidCnpj, isValidCpf } from '@brazilian-utils/brazilian-utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { redact } from '../../../electron/host/log';

const digit = fc.constantFrom(...'0123456789');
const alnum = fc.constantFrom(...'0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ');
const digits = (n: number) => fc.array(digit, { minLength: n, maxLength: n }).map((a) => a.join(''));

/** the check digits that make `base` valid, found by the same rule the app validates with */
function complete(base: string, valid: (s: string) => boolean): string {
  for (let dv = 0; dv < 100; dv++) {
    const candidate = base + String(dv).padStart(2, '0');
    if (valid(candidate)) return candidate;
  }
  return base + '00';
}

const cpf = digits(9)
  .map((b) => complete(b, (s) => isValidCpf(s)))
  .chain((n) =>
    fc.constantFrom(n, `${n.slice(0, 3)}.${n.slice(3, 6)}.${n.slice(6, 9)}-${n.slice(9)}`, `${n.slice(0, 3)} ${n.slice(3, 6)} ${n.slice(6, 9)} ${n.slice(9)}`, `${n.slice(0, 9)}-${n.slice(9)}`),
  );

const cnpjNumber = fc.oneof(digits(12), fc.array(alnum, { minLength: 12, maxLength: 12 }).map((a) => a.join(''))).map((b) => complete(b, (s) => isValidCnpj(s, { version: 2 })));
const cnpj = cnpjNumber.chain((n) => fc.constantFrom(n, `${n.slice(0, 2)}.${n.slice(2, 5)}.${n.slice(5, 8)}/${n.slice(8, 12)}-${n.slice(12)}`));

const DDDS = ['11', '12', '19', '21', '27', '31', '41', '47', '51', '61', '71', '81', '85', '91', '99'];
const phone = fc
  .record({
    ddd: fc.constantFrom(...DDDS),
    mobile: fc.boolean(),
    first: fc.constantFrom('2', '3', '4', '5'),
    rest: digits(7),
    country: fc.constantFrom('', '+55 ', '+55', '55 ', '+55-'),
    dddStyle: fc.constantFrom('paren', 'parenSpace', 'space', 'dash', 'none', 'absent'),
    nineApart: fc.boolean(),
    halves: fc.constantFrom('-', ' ', ''),
  })
  .filter((p) => !(p.dddStyle === 'absent' && p.country !== '')) // a country code without the DDD is no phone style
  .filter((p) => !(p.dddStyle === 'absent' && !p.mobile && p.halves === '')) // bare 8 digits: indistinguishable from an id
  .map((p) => {
    const local = p.first + p.rest; // 8 digits
    const subscriber = `${p.mobile ? `9${p.nineApart && p.halves ? ' ' : ''}` : ''}${local.slice(0, 4)}${p.halves}${local.slice(4)}`;
    const ddd = { paren: `(${p.ddd})`, parenSpace: `(${p.ddd}) `, space: `${p.ddd} `, dash: `${p.ddd}-`, none: p.ddd, absent: '' }[p.dddStyle];
    return `${p.country}${ddd}${subscriber}`;
  });

/** words around the value: letters only, so any digit or capital left in the output came from the value */
const WORDS = ['cliente', 'falhou', 'para', 'enviado', 'doc', 'tel', 'contato', 'ok', 'em', '(', ')', ':', ';', ','];
const words = fc.array(fc.constantFrom(...WORDS), { maxLength: 4 }).map((w) => w.join(' '));

const DOMAINS = ['provedor.com.br', 'x.com', 'gmail.com', 'exemplo.net'];
/** the text the e-mail test writes around the value itself: a local part found in it proves nothing */
const EMAIL_FRAME = [...WORDS, ...DOMAINS, '{"email":"","note":"para ","url":"https://x/?q="}'];
const localPart = fc.stringMatching(/^[a-z][a-z0-9._]{2,12}[a-z0-9]$/).filter((l) => !EMAIL_FRAME.some((f) => f.includes(l)));
const email = fc
  .record({ local: localPart, domain: fc.constantFrom(...DOMAINS), encoded: fc.boolean() })
  .map((e) => ({ value: `${e.local}${e.encoded ? '%40' : '@'}${e.domain}`, local: e.local }));
const embed = (value: string) => fc.tuple(words, words).map(([a, b]) => `${a} ${value} ${b}`.trim());

/** What is left of a document or phone: at most its last two digits, no letter of an alphanumeric CNPJ. */
function expectGone(out: string) {
  expect((out.match(/\d/g) ?? []).length).toBeLessThanOrEqual(2);
  expect(out).not.toMatch(/[A-Z]/);
}

const leaves = (v: unknown): string[] => (typeof v === 'string' ? [v] : v && typeof v === 'object' ? Object.values(v).flatMap(leaves) : []);

const RUNS = { numRuns: 400 };

describe('redact, property: no personal data survives', () => {
  it.each([
    ['CPF', cpf],
    ['CNPJ (numeric and alphanumeric)', cnpj],
    ['phone', phone],
  ])('%s in free text', (_kind, value) => {
    fc.assert(
      fc.property(value.chain(embed), (text) => {
        expectGone(redact(text) as string);
      }),
      RUNS,
    );
  });

  it.each([
    ['CPF', cpf],
    ['CNPJ (numeric and alphanumeric)', cnpj],
    ['phone', phone],
  ])('%s in objects: under any key, nested, in arrays, in an error', (_kind, value) => {
    fc.assert(
      fc.property(value, fc.constantFrom('nota', 'detalhe', 'cpf_cnpj', 'telefone1', 'number', 'Celular2', 'documentNumber'), embed('x'), (v, key, note) => {
        const out = redact({ [key]: v, nested: { list: [`${note} ${v}`], err: new Error(`falhou ${v}`) } });
        const strings = leaves(out).filter((l) => l !== 'Error'); // an Error keeps its name
        expect(strings).toHaveLength(3);
        for (const l of strings) expectGone(l);
      }),
      RUNS,
    );
  });

  it('e-mails, plain and url-encoded, in text and in objects', () => {
    fc.assert(
      fc.property(email, words, ({ value, local }, around) => {
        const text = redact(`${around} ${value} ${around}`) as string;
        const obj = JSON.stringify(redact({ email: value, note: `para ${value}`, url: `https://x/?q=${value}` }));
        for (const out of [text, obj]) expect(out).not.toContain(local);
      }),
      RUNS,
    );
  });
});

describe('redact, property: what is no personal data stays readable', () => {
  it('UUIDs, ISO dates, Unix times of these years, ports and versions', () => {
    fc.assert(
      fc.property(
        fc.uuid(),
        fc.date({ min: new Date('2020-01-01'), max: new Date('2027-12-31'), noInvalidDate: true }),
        fc.integer({ min: 1_767_225_600, max: 1_798_761_599 }), // 2026, in seconds
        fc.integer({ min: 1, max: 65_535 }),
        (uuid, date, unix, port) => {
          const text = `run ${uuid} at ${date.toISOString()} expires ${unix} ms ${unix * 1000 + 123} on http://127.0.0.1:${port}/svas/v1 porta ${port} v1.2.${port}`;
          expect(redact(text)).toBe(text);
          expect(redact({ id: uuid, at: date.toISOString(), expiresAt: unix, port })).toEqual({ id: uuid, at: date.toISOString(), expiresAt: unix, port });
        },
      ),
      RUNS,
    );
  });
});
