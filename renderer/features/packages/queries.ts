/**
 * Reading packages for any screen: live Dexie queries, never a copy in a store.
 */
import { useLiveQuery } from 'dexie-react-hooks';
import { productId, type Package, type Product } from '../../../shared/domain';
import { db } from '../../db/db';

const KIND_LABEL: Record<Package['kind'], string> = { avulso: 'Avulso', beneficio: 'Benefício', combo: 'Combo' };

/** `Avulso`, `Benefício`, `Combo`. */
export function packageKindLabel(kind: Package['kind']): string {
  return KIND_LABEL[kind];
}

export { packageName, productInactive } from '../../../shared/domain';

/** Every package, by number (undefined while loading). */
export function usePackages(): Package[] | undefined {
  return useLiveQuery(() => db.packages.orderBy('id').toArray(), []);
}

/** Active packages, by number: the ones that may be put on plans and services (undefined while loading). */
export function useActivePackages(): Package[] | undefined {
  // Booleans are not IndexedDB keys, so `active` is filtered after the primary-key scan.
  return useLiveQuery(() => db.packages.orderBy('id').filter((p) => p.active).toArray(), []);
}

export function usePackage(id: number | undefined): Package | undefined | null {
  return useLiveQuery(async () => (id === undefined ? null : ((await db.packages.get(id)) ?? null)), [id]);
}

/** The product each package delivers (S3), keyed by package id; missing when never synced. */
export function useProductsOf(packages: readonly Package[] | undefined): Map<number, Product> | undefined {
  const key = packages?.map((p) => `${p.id}:${p.integrationId}:${p.productCode}`).join('|');
  return useLiveQuery(async () => {
    if (!packages) return undefined;
    const products = await db.products.bulkGet(packages.map((p) => productId(p.integrationId, p.productCode)));
    const out = new Map<number, Product>();
    packages.forEach((p, i) => {
      const product = products[i];
      if (product) out.set(p.id, product);
    });
    return out;
  }, [key]);
}
