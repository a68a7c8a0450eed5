export { DriftPanel, driftKindLabels } from './DriftPanel';
export { acceptPlatformState, cancelUnknownLicences, checkPlatform, loadDriftInput } from './repository';
