import { Badge, Stack, Text } from '@mantine/core';
import { defaultStatusMap, serviceStatusLabels, type LicenceState, type Link, type ServiceStatus } from '../../../shared/domain';

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

const linkStates = {
  none: { label: 'Pendente', color: 'blue.9' },
  active: { label: 'Ativo', color: 'teal.9' },
  suspended: { label: 'Suspenso', color: SUSPENDED },
  canceled: { label: 'Cancelado', color: 'gray.7' },
  blocked: { label: 'Bloqueado', color: 'red.9' },
  error: { label: 'Erro', color: 'red.9' },
} as const;

/** What the platform last confirmed for this link (observed state), with the reason when blocked or failed. */
export function LinkStateBadge({ link }: { link: Pick<Link, 'observed' | 'removedAt'> }) {
  const { state, blockedReason, error } = link.observed;
  if (link.removedAt && state !== 'canceled') {
    return (
      <Badge variant="filled" color="gray.7" radius="sm" tt="none">
        Remoção pendente
      </Badge>
    );
  }
  const { label, color } = linkStates[state];
  const reason = state === 'blocked' ? blockedReason : state === 'error' ? error?.message : undefined;
  // The reason is text next to the badge, never cut: it says what to fix.
  return (
    <Stack gap={2} align="flex-start">
      <Badge variant="filled" color={color} radius="sm" tt="none">
        {label}
      </Badge>
      {reason ? (
        <Text size="xs" c="red.9">
          {reason}
        </Text>
      ) : null}
    </Stack>
  );
}
