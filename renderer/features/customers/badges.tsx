import { Badge } from '@mantine/core';
import { defaultStatusMap, serviceStatusLabels, type LicenceState, type ServiceStatus } from '../../../shared/domain';

// Filled badges in shades that keep white text above WCAG AA (4.5:1).
const SUSPENDED = '#a63c00';
const byLicence: Record<LicenceState, string> = {
  active: 'teal.9',
  suspended: SUSPENDED,
  not_provisioned: 'blue.9',
  canceled: 'gray.7',
};

/** The service status in the ERP's printed name, colored by what it means for the licence (S2 defaults). */
export function ServiceStatusBadge({ status }: { status: ServiceStatus }) {
  return (
    <Badge variant="filled" color={byLicence[defaultStatusMap[status]]} radius="sm" tt="none">
      {serviceStatusLabels[status]}
    </Badge>
  );
}
