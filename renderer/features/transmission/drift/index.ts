export { DriftPanel, driftKindLabels } from './DriftPanel';
export { acceptPlatformState, cancelUnknownLicences, isDriftResult, loadDriftInput, recordCancelResult } from './repository';
