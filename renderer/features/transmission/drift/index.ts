export { DriftPanel, driftKindLabels, officeWantsLabels, platformHasLabels } from './DriftPanel';
