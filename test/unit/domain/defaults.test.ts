import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  effectiveContractIdentifier,
  effectiveLabel,
  effectivePassword,
  linkKey,
  primaryPhone,
  transmittableProblems,
} from '../../../shared/domain/defaults';

const customer = {
  document: '52998224725',
  emails: ['maria@example.com'],
  phones: [{ ddi: '55', ddd: '11', number: '34567890', mobile: false }, { ddi: '55', ddd: '11', number: '912345678', mobile: true }],
};
const service = { id: '4521' };
const pkg = { label: 'campsoft-leitura-12' };

describe('S10 link parameter defaults', () => {
  it('S10: sends the customer\'s cpf_cnpj as password when the link has none', () => {
    expect(effectivePassword({}, customer)).toBe('52998224725');
    expect(effectivePassword({ password: '   ' }, customer)).toBe('52998224725');
    expect(effectivePassword({ password: 'S3nha!' }, customer)).toBe('S3nha!');
  });

  it('S10: uses the id_cliente_servico as contract_identifier unless one is given', () => {
    expect(effectiveContractIdentifier({}, service)).toBe('4521');
    expect(effectiveContractIdentifier({ contractIdentifier: ' CT-99 ' }, service)).toBe('CT-99');
  });

  it('S10: uses the package label unless the link overrides it', () => {
    expect(effectiveLabel({}, pkg)).toBe('campsoft-leitura-12');
    expect(effectiveLabel({ label: 'meu-label' }, pkg)).toBe('meu-label');
  });
});

describe('S9 transmission preconditions', () => {
  it('S9: lets a customer with e-mail, phone and a valid document through', () => {
    expect(transmittableProblems(customer)).toEqual([]);
  });

  it('S9: holds back a customer without e-mail or phone, saying what to register', () => {
    const problems = transmittableProblems({ ...customer, emails: [], phones: [] });
    expect(problems).toHaveLength(2);
    expect(problems[0]).toMatch(/^Cliente sem e-mail cadastrado/);
    expect(problems[1]).toMatch(/^Cliente sem telefone cadastrado/);
  });

  it('S9: counts an unreadable e-mail as no e-mail', () => {
    expect(transmittableProblems({ ...customer, emails: ['maria'] })[0]).toMatch(/^Cliente sem e-mail cadastrado/);
  });

  it('holds back a customer whose document is invalid, since it is the default password', () => {
    expect(transmittableProblems({ ...customer, document: '52998224726' })).toEqual([expect.stringMatching(/CPF\/CNPJ inválido/)]);
  });

  it('sends the mobile phone when the customer has a landline too', () => {
    expect(primaryPhone(customer)?.number).toBe('912345678');
  });
});

describe('licence key', () => {
  it('S3: tells apart keys whose parts would run together with a plain separator', () => {
    expect(linkKey('i', 'a:b', 'c')).not.toBe(linkKey('i', 'a', 'b:c'));
  });

  it('gives equal keys exactly for equal parts', () => {
    const part = fc.string({ maxLength: 8 });
    fc.assert(fc.property(fc.tuple(part, part, part), fc.tuple(part, part, part), (a, b) => {
      const same = a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
      expect(linkKey(...a) === linkKey(...b)).toBe(same);
    }));
  });
});
