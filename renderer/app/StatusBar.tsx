import { Badge, Group, Text, Tooltip } from '@mantine/core';
import type { SecureStorageState } from '../../shared/contract';
import { useTransmission } from '../features/transmission/store';
import { count } from '../ui/format';
import { useAppStatus } from './status-store';

/** Pending operations while offline or between passes, and the run in flight. */
function TransmissionBadge() {
  const pending = useTransmission((s) => s.pendingCount);
  const running = useTransmission((s) => Object.values(s.runs).find((r) => r.status === 'running'));
  if (running) {
    return (
      <Text size="xs" c="dark.8">
        Transmitindo: {running.done} de {running.total}
      </Text>
    );
  }
  if (pending === 0) return null;
  return (
    <Text size="xs" c="dark.8">
      {count(pending, 'pendente de transmissão', 'pendentes de transmissão')}
    </Text>
  );
}

const storageWords: Record<SecureStorageState, { label: string; color: string; hint: string }> = {
  available: { label: 'Cofre seguro do sistema', color: 'teal', hint: 'As credenciais são cifradas pelo sistema operacional.' },
  basic_text: {
    label: 'Cofre indisponível (basic_text)',
    color: 'orange',
    hint: 'O sistema não oferece um chaveiro seguro: as credenciais ficam só nesta sessão.',
  },
  unavailable: { label: 'Cofre indisponível', color: 'red', hint: 'Sem criptografia do sistema: as credenciais ficam só nesta sessão.' },
  development: {
    label: 'Cofre de desenvolvimento',
    color: 'yellow',
    hint: 'Host web de desenvolvimento: use o aplicativo desktop para credenciais de produção.',
  },
};

export function StatusBar() {
  const { info, online, hostError } = useAppStatus();
  const storage = info ? storageWords[info.secureStorage] : null;
  return (
    <Group h="100%" px="md" justify="space-between" role="status" aria-label="Barra de status">
      <Group gap="sm">
        <Badge color={online ? 'teal.9' : 'red.9'} variant="filled" size="sm">
          {online ? 'Online' : 'Offline — alterações ficam salvas e serão transmitidas ao reconectar'}
        </Badge>
        {storage && (
          <Tooltip label={storage.hint}>
            <Badge color={storage.color} variant="light" c="dark.8" size="sm">
              {storage.label}
            </Badge>
          </Tooltip>
        )}
        <TransmissionBadge />
        {hostError && (
          <Text size="xs" c="red.8">
            {hostError}
          </Text>
        )}
      </Group>
      <Text size="xs" c="dimmed">
        {info ? `SVA Desk ${info.version} · ${info.host === 'web' ? 'host web' : 'desktop'}` : 'SVA Desk'}
      </Text>
    </Group>
  );
}
