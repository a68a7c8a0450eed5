import { describe, expect, it } from 'vitest';
import { allowedPackages, migrationPlan, packagesOnNewService } from '../../../shared/domain/plan-rules';

const pkg = (id: number, active = true) => ({ id, active });
const all = [pkg(1), pkg(2), pkg(3), pkg(4, false)];

const fibra = {
  id: 1,
  name: 'Fibra 500',
  lockPackages: false,
  defaultPackages: [
    { packageId: 1, mandatory: true },
    { packageId: 2, mandatory: false },
  ],
};
const fibraTravado = {
  id: 2,
  name: 'Fibra 1 Giga',
  lockPackages: true,
  defaultPackages: [
    { packageId: 2, mandatory: true },
    { packageId: 3, mandatory: false },
  ],
};

describe('S8 S11 default packages of a plan', () => {
  it('S8/S11: a new service starts with the plan defaults, mandatory ones locked in and optional ones removable', () => {
    expect(packagesOnNewService(fibra)).toEqual([
      { packageId: 1, mandatory: true },
      { packageId: 2, mandatory: false },
    ]);
  });

  it('S11: a package listed twice counts once, mandatory if either entry is', () => {
    const plan = { defaultPackages: [{ packageId: 5, mandatory: false }, { packageId: 5, mandatory: true }] };
    expect(packagesOnNewService(plan)).toEqual([{ packageId: 5, mandatory: true }]);
  });
});

describe('S12 Travar Pacotes', () => {
  it('S12: offers every active package when the plan does not lock', () => {
    expect(allowedPackages(fibra, all)).toEqual({ packages: [pkg(1), pkg(2), pkg(3)], reason: null });
  });

  it('S12: offers only the plan\'s packages when it locks, and says why and where to change it', () => {
    const { packages, reason } = allowedPackages(fibraTravado, all);
    expect(packages.map((p) => p.id)).toEqual([2, 3]);
    expect(reason).toContain('Travar Pacotes');
    expect(reason).toContain('Configuração › Geral › Serviços/Planos › Fibra 1 Giga › aba Pacotes');
  });

  it('S12: never offers an inactive package, even one of the plan', () => {
    const plan = { ...fibraTravado, defaultPackages: [{ packageId: 4, mandatory: false }] };
    expect(allowedPackages(plan, all).packages).toEqual([]);
  });
});

describe('S8 S12 plan migration', () => {
  const links = [
    { id: 'a', packageId: 1 },
    { id: 'b', packageId: 2 },
    { id: 'gone', packageId: 3, removedAt: '2026-07-01T00:00:00.000Z' },
  ];

  it('S8: adds the new plan\'s defaults the service does not have yet', () => {
    const plan = migrationPlan(fibra, fibraTravado, links);
    // 3 was removed from the service, so migrating brings it back as a default of the new plan.
    expect(plan.add).toEqual([3]);
  });

  it('S12: lists the links the new locked plan does not allow, with the reason, and keeps the rest', () => {
    const plan = migrationPlan(fibra, fibraTravado, links);
    expect(plan.notAllowed.map((l) => l.id)).toEqual(['a']);
    expect(plan.keep.map((l) => l.id)).toEqual(['b']);
    expect(plan.reason).toContain('Fibra 1 Giga');
  });

  it('S8: keeps everything when moving to a plan that does not lock', () => {
    const plan = migrationPlan(fibraTravado, fibra, [{ id: 'x', packageId: 3 }]);
    expect(plan).toEqual({ add: [1, 2], notAllowed: [], keep: [{ id: 'x', packageId: 3 }], reason: null });
  });

  it('changes nothing when the plan stays the same', () => {
    expect(migrationPlan(fibra, fibra, [])).toEqual({ add: [], notAllowed: [], keep: [], reason: null });
  });
});
