/** Configurações › Backup e restauração, the demo data and the move of an old workspace: what other screens may use. */
export { DemoDataCard } from './DemoDataCard';
export { LegacyMoveDialog } from './LegacyMoveDialog';
export { savePreparedFile } from './prepared-file';
export { WorkspacePage } from './WorkspacePage';
