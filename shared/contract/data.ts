/**
 * Change notices: after every committed write the host tells every screen which parts of the
 * record changed, and the renderer refreshes the queries that read them (no polling).
 */
import { z } from 'zod';

export const DataTable = z.enum(['integrations', 'products', 'packages', 'plans', 'customers', 'services', 'links', 'events', 'settings', 'charging']);
export type DataTable = z.infer<typeof DataTable>;

export const DataChanged = z.object({ tables: z.array(DataTable) });
export type DataChanged = z.infer<typeof DataChanged>;

export const dataEvents = {
  'data.changed': DataChanged,
};
