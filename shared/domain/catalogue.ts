/**
 * The catalogue's rules: how packages are named to staff, what a product sync does (S4), the order
 * of product codes, whether a package's product can still be delivered, and when a package or an
 * integration may be deleted. The host's services and the renderer's screens both call these.
 */
import { productId, type Package, type Product } from './model';

/** How staff name a package in lists and messages: `Nº 3 · Leitura Digital`. */
export function packageName(pkg: Pick<Package, 'id' | 'name'>): string {
  return `Nº ${pkg.id} · ${pkg.name}`;
}

/** A package whose product is no longer active on the platform (or never synced) cannot be delivered (S4). */
export function productInactive(product: Pick<Product, 'status'> | undefined | null): boolean {
  return !product || product.status !== 'active';
}

const codeCollator = new Intl.Collator('pt-BR', { numeric: true, sensitivity: 'base' });

/**
 * Product codes in the order a person reads them: the digits inside a code compare as numbers, so
 * 1, 2, 10, 100 (not 1, 10, 100, 2). Codes stay text (they are opaque to us); equal-looking codes
 * such as "01" and "1" keep a stable order.
 */
export function compareProductCodes(a: string, b: string): number {
  return codeCollator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

export type FetchedProduct = Pick<Product, 'code' | 'name' | 'description' | 'status'>;
export type ProductSyncSummary = { added: number; updated: number; deactivated: number; unchanged: number };

/**
 * S4: the platform answered with every ACTIVE product. New codes are added, known ones updated;
 * known products that no longer come back stay in the catalogue, marked inactive (packages on them
 * warn), and nothing is deleted. `rows` is the catalogue to store, every row stamped `fetchedAt`;
 * `availabilityChanged` counts the products whose deliverability changed (added, gone, re-activated),
 * which is what can change a licence's fate.
 */
export function applyProductSyncRule(
  integrationId: string,
  known: readonly Product[],
  fetched: readonly FetchedProduct[],
  fetchedAt: string,
): { rows: Product[]; summary: ProductSyncSummary; availabilityChanged: number } {
  const byCode = new Map(known.map((p) => [p.code, p]));
  const summary: ProductSyncSummary = { added: 0, updated: 0, deactivated: 0, unchanged: 0 };
  let availabilityChanged = 0;
  const rows: Product[] = [];
  const seen = new Set<string>();
  for (const f of fetched) {
    if (seen.has(f.code)) continue;
    seen.add(f.code);
    const before = byCode.get(f.code);
    if (!before) summary.added++;
    else if (before.name !== f.name || before.description !== f.description || before.status !== f.status) summary.updated++;
    else summary.unchanged++;
    if (!before || before.status !== f.status) availabilityChanged++;
    rows.push({ id: productId(integrationId, f.code), integrationId, code: f.code, name: f.name, description: f.description, status: f.status, syncedAt: fetchedAt });
  }
  for (const [code, before] of byCode) {
    if (seen.has(code) || before.status === 'inactive') continue;
    summary.deactivated++;
    availabilityChanged++;
    rows.push({ ...before, status: 'inactive', syncedAt: fetchedAt });
  }
  return { rows, summary, availabilityChanged };
}

export type PackageUsage = { serviceIds: string[]; planNames: string[] };

/** Why a package cannot be deleted (customers' services or plans use it, S7/S8), or null when it can. */
export function packageInUseMessage(pkg: Pick<Package, 'id' | 'name'>, usage: PackageUsage): string | null {
  const parts: string[] = [];
  const n = usage.serviceIds.length;
  if (n > 0) {
    const shown = usage.serviceIds.slice(0, 5).join(', ');
    parts.push(`${n === 1 ? '1 serviço de cliente' : `${n} serviços de clientes`} (${shown}${n > 5 ? ` e mais ${n - 5}` : ''})`);
  }
  if (usage.planNames.length > 0) parts.push(`${usage.planNames.length === 1 ? 'o plano' : 'os planos'} ${usage.planNames.map((p) => `"${p}"`).join(', ')}`);
  if (parts.length === 0) return null;
  return `O pacote ${packageName(pkg)} é usado por ${parts.join(' e ')}, por isso não pode ser excluído. Desative-o para que não seja mais vinculado.`;
}

/** Why an integration cannot be deleted (packages use it, naming them), or null when it can. */
export function integrationInUseMessage(packages: readonly Pick<Package, 'name'>[]): string | null {
  if (packages.length === 0) return null;
  const names = packages.slice(0, 5).map((p) => `"${p.name}"`).join(', ');
  const more = packages.length > 5 ? ` e mais ${packages.length - 5}` : '';
  const which = packages.length === 1 ? `pelo pacote ${names}` : `pelos pacotes ${names}${more}`;
  return `Esta integração é usada ${which}. Desative a integração, ou troque a integração ${packages.length === 1 ? 'desse pacote' : 'desses pacotes'} antes de excluí-la.`;
}
