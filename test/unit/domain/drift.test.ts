import { describe, expect, it } from 'vitest';
import { linkKey } from '../../../shared/domain/defaults';
import { cancelPlans, computeDrift, driftLinkId, observedFromPlatform, type DriftInput, type PlatformSubscriberView } from '../../../shared/domain/drift';
import type { Customer, Integration, Link, ObservedState, Package, Product, Service, ServiceStatus } from '../../../shared/domain/model';
import { LinkPlan, licenceStepHash } from '../../../shared/domain/operation';
import { IN_FLIGHT, planReconcile } from '../../../shared/domain/planner';
import { integration as officeIntegration, pkg, T0 } from '../../fixtures/office';

const integration: Integration = officeIntegration();
const leitura: Package = { ...pkg(1, '1192001'), name: 'Leitura Digital', label: 'campsoft-leitura-1' };
const otherIntegrationPkg: Package = { ...leitura, id: 9, integrationId: 'outra', label: 'outra-9' };

// 529.982.247-25: a valid CPF, so the planner would transmit this customer
const maria: Customer = {
  id: 1,
  name: 'Maria José da Silva',
  documentType: 'cpf',
  document: '52998224725',
  emails: ['maria@exemplo.com.br'],
  phones: [{ ddi: '55', ddd: '11', number: '912345678', mobile: true }],
  createdAt: T0,
  updatedAt: T0,
};

const service = (id: string, status: ServiceStatus): Service => ({ id, customerId: 1, planId: 1, status, createdAt: T0, updatedAt: T0 });

const link = (id: string, serviceId: string, observed: ObservedState['state'] | ObservedState, over: Partial<Link> = {}): Link => ({
  id,
  serviceId,
  packageId: 1,
  observed: typeof observed === 'string' ? { state: observed } : observed,
  createdAt: T0,
  updatedAt: T0,
  ...over,
});

const sub = (contractIdentifier: string, ...licences: [string, 'active' | 'suspended' | 'canceled'][]): PlatformSubscriberView => ({
  contractIdentifier,
  name: `Assinante ${contractIdentifier}`,
  licences: licences.map(([label, status]) => ({ label, productCode: '1192001', status })),
});

function drift(over: Partial<DriftInput>) {
  return computeDrift({ integration, links: [], services: [], packages: [leitura, otherIntegrationPkg], customers: [maria], platform: [], ...over });
}

describe('computeDrift', () => {
  it('finds nothing when the platform holds exactly what the office wants', () => {
    const report = drift({
      services: [service('100', 'servico_habilitado'), service('101', 'suspenso_debito'), service('102', 'cancelado')],
      links: [link('a', '100', 'active'), link('b', '101', 'suspended'), link('c', '102', 'canceled')],
      platform: [sub('100', ['campsoft-leitura-1', 'active']), sub('101', ['campsoft-leitura-1', 'suspended']), sub('102', ['campsoft-leitura-1', 'canceled'])],
    });
    expect(report.rows).toEqual([]);
    expect(report.counts).toEqual({ platformActive: 1, officeShouldBeActive: 1 });
  });

  it('paying_for_nothing: a licence active on the platform for a service suspended for debt', () => {
    const report = drift({
      services: [service('100', 'suspenso_debito')],
      links: [link('a', '100', 'suspended')],
      platform: [sub('100', ['campsoft-leitura-1', 'active'])],
    });
    expect(report.rows).toEqual([
      expect.objectContaining({
        kind: 'paying_for_nothing',
        contractIdentifier: '100',
        label: 'campsoft-leitura-1',
        customerName: 'Maria José da Silva',
        officeWants: 'suspended',
        officeRecord: 'suspended',
        platformHas: 'active',
        linkId: 'a',
        pending: false,
      }),
    ]);
    expect(report.counts).toEqual({ platformActive: 1, officeShouldBeActive: 0 });
  });

  it('paying_for_nothing: a cancelled service, and a removed link, whose licences are still active', () => {
    const report = drift({
      services: [service('100', 'cancelado'), service('101', 'servico_habilitado')],
      links: [link('a', '100', 'canceled'), link('b', '101', 'active', { removedAt: T0 })],
      platform: [sub('100', ['campsoft-leitura-1', 'active']), sub('101', ['campsoft-leitura-1', 'active'])],
    });
    expect(report.rows.map((r) => [r.kind, r.linkId, r.officeWants])).toEqual([
      ['paying_for_nothing', 'a', 'canceled'],
      ['paying_for_nothing', 'b', 'canceled'],
    ]);
  });

  it('missing_on_platform: the office believes a licence is active but the platform has none or a cancelled one', () => {
    const report = drift({
      services: [service('100', 'servico_habilitado'), service('101', 'servico_habilitado')],
      links: [link('a', '100', 'active'), link('b', '101', 'active')],
      platform: [sub('101', ['campsoft-leitura-1', 'canceled'])],
    });
    expect(report.rows.map((r) => [r.kind, r.linkId, r.platformHas, r.pending])).toEqual([
      ['missing_on_platform', 'a', 'none', false],
      ['missing_on_platform', 'b', 'canceled', false],
    ]);
  });

  it('missing_on_platform: a suspended licence the platform lost, but not a delinquent customer never provisioned', () => {
    const report = drift({
      services: [service('100', 'suspenso_debito'), service('101', 'suspenso_debito')],
      links: [link('lost', '100', 'suspended'), link('never', '101', 'none')],
    });
    expect(report.rows.map((r) => [r.kind, r.linkId])).toEqual([['missing_on_platform', 'lost']]);
  });

  it('marks a new link not transmitted yet as pending: the next pass grants it without any fix', () => {
    const report = drift({ services: [service('100', 'servico_habilitado')], links: [link('a', '100', 'none')] });
    expect(report.rows).toEqual([expect.objectContaining({ kind: 'missing_on_platform', linkId: 'a', pending: true })]);
  });

  it('keeps the S9 block reason of a link that cannot be transmitted', () => {
    const report = drift({
      services: [service('100', 'servico_habilitado')],
      links: [link('a', '100', { state: 'blocked', blockedReason: 'Cliente sem telefone cadastrado' })],
    });
    expect(report.rows).toEqual([expect.objectContaining({ kind: 'missing_on_platform', pending: false, blockedReason: 'Cliente sem telefone cadastrado' })]);
  });

  it('state_mismatch: suspended on the platform while the office wants it active, or cancelled', () => {
    const report = drift({
      services: [service('100', 'servico_habilitado'), service('101', 'inativo')],
      links: [link('a', '100', 'active'), link('b', '101', 'canceled')],
      platform: [sub('100', ['campsoft-leitura-1', 'suspended']), sub('101', ['campsoft-leitura-1', 'suspended'])],
    });
    expect(report.rows.map((r) => [r.kind, r.linkId, r.officeWants, r.platformHas])).toEqual([
      ['state_mismatch', 'a', 'active', 'suspended'],
      ['state_mismatch', 'b', 'canceled', 'suspended'],
    ]);
  });

  it('S2 off: a delinquent customer keeps the licence active, so an active licence is no difference', () => {
    const report = drift({
      integration: { ...integration, suspendBySubscriptionStatus: false },
      services: [service('100', 'suspenso_debito')],
      links: [link('a', '100', 'active')],
      platform: [sub('100', ['campsoft-leitura-1', 'active'])],
    });
    expect(report.rows).toEqual([]);
    expect(report.counts.officeShouldBeActive).toBe(1);
  });

  it('unknown_to_office: a live licence with no link of this integration, named after the platform subscriber', () => {
    const report = drift({
      services: [service('100', 'servico_habilitado')],
      links: [link('a', '100', 'active'), link('x', '100', 'active', { packageId: 9 })],
      platform: [
        sub('100', ['campsoft-leitura-1', 'active'], ['outra-9', 'active'], ['velha', 'canceled']),
        sub('999', ['avulsa', 'suspended']),
      ],
    });
    expect(report.rows.map((r) => [r.kind, r.contractIdentifier, r.label, r.customerName, r.platformHas, r.linkId])).toEqual([
      ['unknown_to_office', '100', 'outra-9', 'Assinante 100', 'active', undefined],
      ['unknown_to_office', '999', 'avulsa', 'Assinante 999', 'suspended', undefined],
    ]);
    expect(report.counts).toEqual({ platformActive: 2, officeShouldBeActive: 1 });
  });

  it('uses the S10 overrides of id_contrato and label to match the platform key', () => {
    const report = drift({
      services: [service('100', 'servico_habilitado')],
      links: [link('a', '100', 'active', { contractIdentifier: ' CTR-7 ', label: 'meu-label' })],
      platform: [sub('CTR-7', ['meu-label', 'active'])],
    });
    expect(report.rows).toEqual([]);
  });

  it('gives a key to its live link and lists the removed link still claiming the licence', () => {
    const report = drift({
      services: [service('100', 'servico_habilitado')],
      links: [link('old', '100', 'active', { removedAt: T0 }), link('new', '100', 'none', { createdAt: '2026-02-01T00:00:00.000Z' })],
    });
    expect(report.rows).toEqual([expect.objectContaining({ kind: 'missing_on_platform', linkId: 'new', relatedLinkIds: ['old'], pending: false })]);
    expect(report.counts.officeShouldBeActive).toBe(1);
  });
});

describe('the fix makes the planner send the right steps', () => {
  const products: Product[] = [{ id: 'camp:1192001', integrationId: 'camp', code: '1192001', name: 'Leitura', description: '', status: 'active', syncedAt: T0 }];

  function stepsAfterFix(status: ServiceStatus, observed: ObservedState, platform: PlatformSubscriberView[]) {
    const services = [service('100', status)];
    const links = [link('a', '100', observed)];
    const [row] = drift({ services, links, platform }).rows;
    const fixed = links.map((l) => ({ ...l, observed: observedFromPlatform(l.observed, row.platformHas) }));
    const plan = planReconcile({ integrations: [integration], hasCredentials: () => true, products, packages: [leitura], customers: [maria], services, links: fixed });
    return { row, observed: fixed[0].observed, steps: plan.plans.flatMap((p) => p.steps.map((s) => s.kind)) };
  }

  it('paying_for_nothing → suspend', () => {
    const { row, steps } = stepsAfterFix('suspenso_debito', { state: 'suspended', sentHash: 'x.y' }, [sub('100', ['campsoft-leitura-1', 'active'])]);
    expect(row.kind).toBe('paying_for_nothing');
    expect(steps).toContain('suspend');
    expect(steps).not.toContain('grant');
  });

  it('missing_on_platform → create the subscriber and grant again', () => {
    const { observed, steps } = stepsAfterFix('servico_habilitado', { state: 'active', sentHash: 'x.y', confirmedAt: T0 }, []);
    expect(observed).toEqual({ state: 'none', confirmedAt: T0 });
    expect(steps).toEqual(['upsert_subscriber', 'grant']);
  });

  it('state_mismatch → re-enable', () => {
    const { steps } = stepsAfterFix('servico_habilitado', { state: 'active' }, [sub('100', ['campsoft-leitura-1', 'suspended'])]);
    expect(steps).toContain('reenable');
  });

  it('drops an in-flight mark: the platform state is known now', () => {
    const o = observedFromPlatform({ state: 'active', error: { code: IN_FLIGHT, message: '…', retryable: true } }, 'suspended');
    expect(o).toEqual({ state: 'suspended' });
  });
});

describe('cancelPlans', () => {
  it('builds one valid cancel plan per licence unknown to the office, on its platform key', () => {
    const plans = cancelPlans('camp', [{ contractIdentifier: '999', label: 'avulsa' }]);
    expect(plans).toHaveLength(1);
    expect(LinkPlan.parse(plans[0])).toEqual(plans[0]);
    expect(plans[0].linkId).toBe(driftLinkId('999', 'avulsa'));
    expect(plans[0].linkId).toBe('drift:999:avulsa');
    expect(plans[0].key).toBe(linkKey('camp', '999', 'avulsa'));
    expect(plans[0].steps).toEqual([
      expect.objectContaining({ kind: 'cancel', contractIdentifier: '999', label: 'avulsa', last: true, hash: licenceStepHash('cancel', '999', 'avulsa') }),
    ]);
  });
});
