/** Transmissões: what other screens may use of this feature. */
export { TransmissionPage } from './TransmissionPage';
export { TransmissionPreview } from './TransmissionPreview';
export { LINK_STATE_TABLES, useLinkList, useLinkStateCounts, useSyncState } from './queries';
