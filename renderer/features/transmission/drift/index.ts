export { DriftPanel, driftKindLabels } from './DriftPanel';
export { acceptPlatformState, cancelUnknownLicences, loadDriftInput } from './repository';
