/**
 * Reading packages for any screen: host queries (packages.list / packages.get), refreshed when the
 * host announces a change to what they read.
 */
import { useMemo } from 'react';
import type { PackageRecord } from '../../../shared/contract';
import type { Package } from '../../../shared/domain';
import { useHostQuery } from '../../data/client';

const KIND_LABEL: Record<Package['kind'], string> = { avulso: 'Avulso', beneficio: 'Benefício', combo: 'Combo' };

/** `Avulso`, `Benefício`, `Combo`. */
export function packageKindLabel(kind: Package['kind']): string {
  return KIND_LABEL[kind];
}

export { packageName, productInactive } from '../../../shared/domain';

/** What the package commands read: the product's name and status (S4) and the links counted come along. */
export const PACKAGE_TABLES = ['packages', 'products', 'links'] as const;

/** Every package, by number (undefined while loading). */
export function usePackages(): PackageRecord[] | undefined {
  return useHostQuery('packages.list', {}, PACKAGE_TABLES).data;
}

/** Active packages, by number: the ones that may be put on plans and services (undefined while loading). */
export function useActivePackages(): PackageRecord[] | undefined {
  const all = usePackages();
  return useMemo(() => all?.filter((p) => p.active), [all]);
}

/** One package; null when `id` is undefined or the package does not exist; undefined while loading. */
export function usePackage(id: number | undefined): PackageRecord | undefined | null {
  const pkg = useHostQuery('packages.get', id === undefined ? null : { id }, PACKAGE_TABLES);
  return id === undefined ? null : pkg.data;
}
