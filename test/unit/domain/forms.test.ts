import { describe, expect, it } from 'vitest';
import { CustomerForm, fieldErrors, LinkParamsForm, PackageForm, PlanForm, ServiceForm } from '../../../shared/domain/forms';
import { Customer, Package } from '../../../shared/domain/model';

const at = '2026-07-01T12:00:00.000Z';

function errorsOf(result: { success: boolean; error?: unknown }) {
  expect(result.success).toBe(false);
  return fieldErrors(result.error as never);
}

const packageInput = {
  name: ' Leitura Digital ',
  kind: 'avulso',
  priceCents: '19,90',
  composition: [{ description: 'Licença de leitura', fiscalKind: 'SVA', amountCents: 1990 }],
  integrationId: 'int-1',
  productCode: '1192001',
};

describe('package form', () => {
  it('turns what the office typed into the fields of a package row', () => {
    const values = PackageForm.parse(packageInput);
    expect(values).toEqual({
      name: 'Leitura Digital',
      description: '',
      kind: 'avulso',
      priceCents: 1990,
      composition: packageInput.composition,
      integrationId: 'int-1',
      productCode: '1192001',
      label: undefined,
      active: true,
    });
    const row = { ...values, id: 12, label: 'campsoft-leitura-digital-12', createdAt: at, updatedAt: at };
    expect(Package.safeParse(row).success).toBe(true);
  });

  it('S3: requires exactly one product, not a list', () => {
    const errors = errorsOf(PackageForm.safeParse({ ...packageInput, productCode: ['1192001', '1192002'] }));
    expect(errors.productCode).toMatch(/exatamente um produto/);
    expect(errorsOf(PackageForm.safeParse({ ...packageInput, productCode: '' })).productCode).toMatch(/exatamente um produto/);
  });

  it('S6: refuses a composition that does not add up to the price, on the composition field', () => {
    const errors = errorsOf(PackageForm.safeParse({ ...packageInput, priceCents: '29,90' }));
    expect(errors.composition).toBe('A composição soma R$ 19,90, mas o preço do pacote é R$ 29,90. Faltam R$ 10,00: ajuste os itens.');
  });

  it('reports an unreadable price, a missing name and an unknown kind in Portuguese', () => {
    const errors = errorsOf(PackageForm.safeParse({ ...packageInput, name: '  ', priceCents: '19.90', kind: 'promo' }));
    expect(errors.name).toBe('Informe o nome do pacote.');
    expect(errors.priceCents).toMatch(/^Valor inválido/);
    expect(errors.kind).toMatch(/avulso, benefício ou combo/);
  });

  it('S10: accepts a hand-typed label and refuses one the platform cannot take', () => {
    expect(PackageForm.parse({ ...packageInput, label: 'leitura-especial' }).label).toBe('leitura-especial');
    expect(errorsOf(PackageForm.safeParse({ ...packageInput, label: 'Leitura Especial' })).label).toMatch(/^Label inválido/);
  });
});

describe('plan form', () => {
  it('S8/S11: keeps default packages with their mandatory switch, optional by default', () => {
    const values = PlanForm.parse({ name: 'Fibra 500', priceCents: '99,90', defaultPackages: [{ packageId: 12 }, { packageId: 13, mandatory: true }] });
    expect(values).toEqual({
      name: 'Fibra 500',
      priceCents: 9990,
      defaultPackages: [{ packageId: 12, mandatory: false }, { packageId: 13, mandatory: true }],
      lockPackages: false,
      active: true,
    });
  });

  it('S8: refuses the same package twice on a plan', () => {
    const errors = errorsOf(PlanForm.safeParse({ name: 'Fibra', priceCents: 0, defaultPackages: [{ packageId: 12 }, { packageId: 12 }] }));
    expect(errors.defaultPackages).toMatch(/aparece duas vezes/);
  });
});

describe('customer form', () => {
  it('normalizes document, e-mails and phones into a customer row', () => {
    const values = CustomerForm.parse({
      name: 'Maria da Silva',
      code: ' ',
      document: '12.abc.345/01de-35',
      emails: ['Maria@Example.com', 'maria@example.com '],
      phones: ['(11) 91234-5678', '+55 11 91234-5678', '(11) 3456-7890'],
    });
    expect(values).toEqual({
      name: 'Maria da Silva',
      code: undefined,
      documentType: 'cnpj',
      document: '12ABC34501DE35',
      emails: ['maria@example.com'],
      phones: [
        { ddi: '55', ddd: '11', number: '912345678', mobile: true },
        { ddi: '55', ddd: '11', number: '34567890', mobile: false },
      ],
    });
    expect(Customer.safeParse({ ...values, id: 1, createdAt: at, updatedAt: at }).success).toBe(true);
  });

  it('points at the field to fix when a document, e-mail or phone is wrong', () => {
    const errors = errorsOf(CustomerForm.safeParse({ name: 'Maria', document: '529.982.247-26', emails: ['maria@'], phones: ['(20) 91234-5678'] }));
    expect(errors.document).toBe('CPF inválido: dígitos verificadores não conferem. Confira o documento digitado.');
    expect(errors['emails.0']).toMatch(/^E-mail inválido/);
    expect(errors['phones.0']).toBe('DDD 20 não existe no Brasil. Confira o DDD do telefone.');
  });
});

describe('service form', () => {
  it('keeps the id_cliente_servico as text and reads the status as the ERP prints it', () => {
    expect(ServiceForm.parse({ id: 4521, customerId: 1, planId: 2, status: 'Suspenso por Débito' })).toEqual({
      id: '4521',
      customerId: 1,
      planId: 2,
      status: 'suspenso_debito',
    });
  });

  it('asks for a plan and a known status', () => {
    const errors = errorsOf(ServiceForm.safeParse({ id: '4521', customerId: 1, status: 'Em análise' }));
    expect(errors.planId).toBe('Escolha o plano do serviço.');
    expect(errors.status).toMatch(/^Status "Em análise" desconhecido/);
  });
});

describe('S10 link parameters form', () => {
  it('S10: leaves blank parameters undefined so the defaults apply', () => {
    expect(LinkParamsForm.parse({ password: '', contractIdentifier: '  ', label: '' })).toEqual({
      password: undefined,
      contractIdentifier: undefined,
      label: undefined,
    });
  });

  it('S10: keeps the parameters the office typed', () => {
    expect(LinkParamsForm.parse({ password: 'segredo', contractIdentifier: ' CT-9 ', label: 'leitura-extra' })).toEqual({
      password: 'segredo',
      contractIdentifier: 'CT-9',
      label: 'leitura-extra',
    });
  });
});

describe('money field', () => {
  it('refuses a negative or fractional amount given as centavos', () => {
    expect(errorsOf(PlanForm.safeParse({ name: 'Fibra', priceCents: -100 })).priceCents).toMatch(/^Valor inválido/);
    expect(errorsOf(PlanForm.safeParse({ name: 'Fibra', priceCents: 10.5 })).priceCents).toMatch(/^Valor inválido/);
  });
});
