/** Ações em massa: what other features use to open one on a plan, a selection or a file. */
export { BulkDialog, type BulkStart } from './BulkDialog';
export { readServiceIds, type ServiceIdsFile } from './service-ids-file';
