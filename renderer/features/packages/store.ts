/** UI state of the package list: the filters survive a trip to the wizard and back. */
import { create } from 'zustand';
import type { PackageKind } from '../../../shared/domain';

export type PackageFilters = {
  search: string;
  kind: PackageKind | null;
  integrationId: string | null;
  awaitingApproval: boolean;
  inactiveProduct: boolean;
};

const initialFilters: PackageFilters = { search: '', kind: null, integrationId: null, awaitingApproval: false, inactiveProduct: false };

type PackageListState = PackageFilters & {
  setFilter: (patch: Partial<PackageFilters>) => void;
  clearFilters: () => void;
};

export const usePackageList = create<PackageListState>()((set) => ({
  ...initialFilters,
  setFilter: (patch) => set(patch),
  clearFilters: () => set(initialFilters),
}));

export function filtersActive(f: PackageFilters): boolean {
  return f.search.trim() !== '' || f.kind !== null || f.integrationId !== null || f.awaitingApproval || f.inactiveProduct;
}
