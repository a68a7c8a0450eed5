import { describe, expect, it } from 'vitest';
import { Customer, Integration, Link, Package, Product, ServiceStatus } from '../../../shared/domain/model';

const at = '2026-07-01T12:00:00.000Z';

describe('entity rows', () => {
  it('accepts a package row that survives a JSON round trip unchanged', () => {
    const row = {
      id: 12,
      name: 'Leitura Digital',
      description: '',
      kind: 'avulso',
      priceCents: 1990,
      composition: [{ description: 'Licença de leitura', fiscalKind: 'SVA', amountCents: 1990 }],
      integrationId: 'int-1',
      productCode: '1192001',
      label: 'campsoft-leitura-digital-12',
      active: true,
      createdAt: at,
      updatedAt: at,
    };
    const parsed = Package.parse(row);
    expect(JSON.parse(JSON.stringify(parsed))).toEqual(row);
  });

  it('rejects a product whose code is a number, since Campsoft codes are opaque text', () => {
    const row = { id: 'i:1', integrationId: 'i', code: 1192001, name: 'x', description: '', status: 'active', syncedAt: at };
    expect(Product.safeParse(row).success).toBe(false);
  });

  it('rejects money that is not whole centavos', () => {
    const ok = Package.shape.priceCents.safeParse(10.5);
    expect(ok.success).toBe(false);
  });

  it('requires an integration status map to cover every service status', () => {
    const map = Object.fromEntries(ServiceStatus.options.map((s) => [s, 'active']));
    const base = {
      id: 'i', platform: 'campsoft', description: 'Campsoft', environment: 'sandbox', baseUrl: 'http://127.0.0.1:1',
      active: true, suspendBySubscriptionStatus: true, createdAt: at, updatedAt: at,
    };
    expect(Integration.safeParse({ ...base, statusMap: map }).success).toBe(true);
    const { cancelado: _dropped, ...partial } = map;
    expect(Integration.safeParse({ ...base, statusMap: partial }).success).toBe(false);
  });

  it('keeps a removed link with its observed platform state', () => {
    const link = Link.parse({
      id: 'l1', serviceId: '4521', packageId: 12, removedAt: at,
      observed: { state: 'active', confirmedAt: at }, createdAt: at, updatedAt: at,
    });
    expect(link.observed.state).toBe('active');
  });

  it('rejects a customer row with a non-ISO timestamp', () => {
    const row = { id: 1, name: 'Maria', documentType: 'cpf', document: '52998224725', emails: [], phones: [], createdAt: '01/07/2026', updatedAt: at };
    expect(Customer.safeParse(row).success).toBe(false);
  });
});
