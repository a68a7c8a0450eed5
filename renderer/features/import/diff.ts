/**
 * The import's diff is shared/import/diff.ts (the host computes it too); the renderer's Dexie rows
 * carry their search keys, so the customers it writes get them here.
 */
import { computeDiff as computeSharedDiff, type Existing as SharedExisting, type ImportDiff as SharedDiff, type PlanResolution } from '../../../shared/import/diff';
import type { ImportRow } from '../../../shared/import/validate';
import type { CustomerRow } from '../../db/db';
import { withSearchKeys } from '../../db/search-keys';

export { defaultPlanResolution, hasChanges, type ImportCounts, type LinkWrite, type PlanChoice, type PlanResolution, type ServiceWrite } from '../../../shared/import/diff';

export type Existing = SharedExisting<CustomerRow>;
export type ImportDiff = Omit<SharedDiff<CustomerRow>, 'customersToAdd' | 'customersToUpdate'> & {
  customersToAdd: Omit<CustomerRow, 'id'>[];
  customersToUpdate: CustomerRow[];
};

export function computeDiff(rows: ImportRow[], resolution: PlanResolution, existing: Existing, now: string): ImportDiff {
  const diff = computeSharedDiff(rows, resolution, existing, now);
  return { ...diff, customersToAdd: diff.customersToAdd.map(withSearchKeys), customersToUpdate: diff.customersToUpdate.map(withSearchKeys) };
}
