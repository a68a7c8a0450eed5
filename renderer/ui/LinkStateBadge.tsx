import { Badge, Stack, Text } from '@mantine/core';
import type { LinkStateView } from '../../shared/contract';
import { wrappingBadge } from './wrapping-badge';
import { linkStateDetail, linkStateLabels, type LinkState, type LinkStateCode } from '../../shared/domain';

// Light variants: the theme darkens their text to keep AA on the tint. "Nada a enviar" is quiet.
const looks: Record<LinkStateCode, { color: string; variant: 'light' | 'default' }> = {
  pending: { color: 'yellow', variant: 'light' },
  sending: { color: 'blue', variant: 'light' },
  active: { color: 'teal', variant: 'light' },
  suspended: { color: 'orange', variant: 'light' },
  canceled: { color: 'gray', variant: 'light' },
  blocked: { color: 'red', variant: 'light' },
  error: { color: 'red', variant: 'light' },
  idle: { color: 'gray', variant: 'default' },
};

/**
 * A link's one state (shared/domain/link-state.ts) as every screen shows it: the badge, and under
 * it what is wanted and what it waits for, or why nothing goes (the reason is never cut). Takes the
 * host's view (links.list: its `detail` already written) or a state derived here.
 */
export function LinkStateBadge({ state }: { state: LinkState | LinkStateView }) {
  const look = looks[state.code];
  const detail = 'detail' in state ? state.detail : linkStateDetail(state);
  const alarming = state.code === 'blocked' || state.code === 'error';
  return (
    <Stack gap={2} align="flex-start">
      <Badge color={look.color} variant={look.variant} radius="sm" styles={wrappingBadge}>
        {linkStateLabels[state.code]}
      </Badge>
      {detail ? (
        <Text size="xs" c={alarming ? 'red.9' : state.code === 'idle' ? 'dimmed' : 'dark.8'}>
          {detail}
        </Text>
      ) : null}
    </Stack>
  );
}

export const linkStateLooks = looks;
