import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatPhone, isValidDdd, maskPhone, parsePhone } from '../../../shared/domain/phone';

const mobile = { ddi: '55', ddd: '11', number: '912345678', mobile: true };

// ANATEL's DDDs, written out here so the test does not read the list from the code under test.
const ANATEL_DDDS = [
  11, 12, 13, 14, 15, 16, 17, 18, 19, 21, 22, 24, 27, 28, 31, 32, 33, 34, 35, 37, 38, 41, 42, 43, 44, 45, 46, 47, 48, 49,
  51, 53, 54, 55, 61, 62, 63, 64, 65, 66, 67, 68, 69, 71, 73, 74, 75, 77, 79, 81, 82, 83, 84, 85, 86, 87, 88, 89, 91, 92,
  93, 94, 95, 96, 97, 98, 99,
].map(String);

const ddd = fc.constantFrom(...ANATEL_DDDS);
const mobileNumber = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 8, maxLength: 8 }).map((d) => `9${d.join('')}`);
const landlineNumber = fc
  .tuple(fc.integer({ min: 2, max: 5 }), fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 7, maxLength: 7 }))
  .map(([first, rest]) => `${first}${rest.join('')}`);

describe('Brazilian phone parsing', () => {
  it.each(['(11) 91234-5678', '+55 11 91234-5678', '11912345678', '5511912345678', '011 91234-5678', '+55 (11) 9 1234-5678', '(011) 91234-5678'])(
    'reads %s as the mobile (11) 91234-5678',
    (raw) => {
      expect(parsePhone(raw)).toEqual({ ok: true, phone: mobile });
    },
  );

  it('reads a landline', () => {
    expect(parsePhone('(11) 3456-7890')).toEqual({ ok: true, phone: { ddi: '55', ddd: '11', number: '34567890', mobile: false } });
    expect(parsePhone('+55 11 3456-7890')).toEqual({ ok: true, phone: { ddi: '55', ddd: '11', number: '34567890', mobile: false } });
  });

  it('reads 11 digits starting with 55 as DDD 55 (RS), not as the country code', () => {
    expect(parsePhone('55912345678')).toEqual({ ok: true, phone: { ddi: '55', ddd: '55', number: '912345678', mobile: true } });
  });

  it('uses the default DDD for a number typed without one, and asks for it when there is none', () => {
    expect(parsePhone('91234-5678', '21')).toEqual({ ok: true, phone: { ...mobile, ddd: '21' } });
    const r = parsePhone('91234-5678');
    expect(r).toEqual({ ok: false, message: expect.stringContaining('informe o DDD') });
  });

  it('rejects an area code that does not exist', () => {
    expect(parsePhone('(20) 91234-5678')).toEqual({ ok: false, message: 'DDD 20 não existe no Brasil. Confira o DDD do telefone.', wrongDdd: true });
    expect(parsePhone('(10) 3456-7890').ok).toBe(false);
  });

  it('knows every DDD ANATEL never assigned, and says only those are a wrong DDD', () => {
    for (const ddd of ['20', '23', '25', '26', '29', '30', '36', '39', '40', '50', '52', '56', '57', '58', '59', '60', '70', '72', '76', '78', '80', '90']) {
      expect(parsePhone(`(${ddd}) 98765-4321`)).toMatchObject({ ok: false, wrongDdd: true });
      expect(parsePhone(`${ddd}987654321`)).toMatchObject({ ok: false, wrongDdd: true });
    }
    expect(parsePhone('(11) 1234')).not.toHaveProperty('wrongDdd');
    expect(parsePhone('(21) 98765-4321').ok).toBe(true);
  });

  it('rejects a 9-digit number not starting with 9 and an 8-digit number starting with 9', () => {
    expect(parsePhone('(11) 81234-5678')).toEqual({ ok: false, message: expect.stringMatching(/^Celular inválido/) });
    expect(parsePhone('(11) 9123-4567')).toEqual({ ok: false, message: expect.stringMatching(/^Telefone inválido: fixo tem 8 dígitos/) });
  });

  it('rejects foreign numbers, letters, empty text and wrong lengths', () => {
    expect(parsePhone('+1 415 555 0100')).toEqual({ ok: false, message: expect.stringContaining('+55') });
    expect(parsePhone('11 9ABC-5678').ok).toBe(false);
    expect(parsePhone('   ').ok).toBe(false);
    expect(parsePhone('1234').ok).toBe(false);
  });

  it('knows exactly the 67 ANATEL area codes', () => {
    const valid = Array.from({ length: 100 }, (_, i) => String(i).padStart(2, '0')).filter(isValidDdd);
    expect(valid).toEqual(ANATEL_DDDS);
  });

  it('reads back every valid phone it prints, in every accepted writing', () => {
    const phone = fc.oneof(
      fc.tuple(ddd, mobileNumber).map(([d, n]) => ({ ddi: '55', ddd: d, number: n, mobile: true })),
      fc.tuple(ddd, landlineNumber).map(([d, n]) => ({ ddi: '55', ddd: d, number: n, mobile: false })),
    );
    fc.assert(
      fc.property(phone, fc.constantFrom('formatted', 'plain', 'ddi', 'plus'), (p, writing) => {
        const raw = {
          formatted: formatPhone(p),
          plain: `${p.ddd}${p.number}`,
          ddi: `55${p.ddd}${p.number}`,
          plus: `+55 ${formatPhone(p)}`,
        }[writing];
        expect(parsePhone(raw)).toEqual({ ok: true, phone: p });
      }),
    );
  });

  it('never accepts a DDD outside the ANATEL list', () => {
    const badDdd = fc.integer({ min: 0, max: 99 }).map((n) => String(n).padStart(2, '0')).filter((d) => !ANATEL_DDDS.includes(d));
    fc.assert(fc.property(badDdd, mobileNumber, (d, n) => {
      expect(parsePhone(`(${d}) ${n}`).ok).toBe(false);
    }));
  });
});

describe('phone printing', () => {
  it('prints mobiles and landlines in the (DDD) xxxxx-xxxx form', () => {
    expect(formatPhone(mobile)).toBe('(11) 91234-5678');
    expect(formatPhone({ ddi: '55', ddd: '11', number: '34567890', mobile: false })).toBe('(11) 3456-7890');
  });

  it('masks all but the DDD and the last four digits', () => {
    expect(maskPhone(mobile)).toBe('(11) *****-5678');
    expect(maskPhone({ ddi: '55', ddd: '11', number: '34567890', mobile: false })).toBe('(11) ****-7890');
  });
});
