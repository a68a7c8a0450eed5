import { Badge, Group, Text, Tooltip } from '@mantine/core';
import { useEffect, useState } from 'react';
import type { PlatformHealth, SecureStorageState } from '../../shared/contract';
import { useLinkStateCounts, useSyncState } from '../features/transmission/queries';
import { ago, count } from '../ui/format';
import { useAppStatus } from './status-store';

// One line, never cut: the bar is 34 px high and each item keeps its whole text.
const noWrap = { whiteSpace: 'nowrap' } as const;
const noShrink = { flexShrink: 0 } as const;

/** The run in flight, else what waits and what failed: the same counts as the Transmissões filters. */
function TransmissionBadge() {
  const counts = useLinkStateCounts().data?.counts;
  const sync = useSyncState().data;
  const running = sync?.runs.find((r) => r.status === 'running');
  if (running) {
    return (
      <Text size="xs" c="dark.8" style={noWrap}>
        Transmitindo: {running.done} de {running.total}
      </Text>
    );
  }
  if (!counts) return null;
  const parts = [
    counts.pending > 0 ? count(counts.pending, 'pendente de transmissão', 'pendentes de transmissão') : null,
    counts.error > 0 ? count(counts.error, 'com erro', 'com erro') : null,
  ].filter((p): p is string => p !== null);
  // why the last pass sent nothing, in full on hover: the bar keeps one short line
  if (sync?.notice) parts.push('Envio em espera');
  if (parts.length === 0) return null;
  const line = (
    <Text size="xs" c="dark.8" style={noWrap}>
      {parts.join(' · ')}
    </Text>
  );
  return sync?.notice ? (
    <Tooltip label={sync.notice} multiline w={420}>
      {line}
    </Tooltip>
  ) : (
    line
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

const platformWords: Record<PlatformHealth['state'], { label: string; hint: string }> = {
  not_answering: {
    label: 'Campsoft sem resposta',
    hint: 'A Campsoft aceita a conexão mas não responde no tempo limite. As alterações ficam salvas e são enviadas quando ela voltar a responder; se demorar, fale com a Campsoft.',
  },
  unreachable: {
    label: 'Campsoft inacessível',
    hint: 'Não foi possível conectar à Campsoft (conexão recusada ou sem rede). Confira a internet do escritório; as alterações ficam salvas e são enviadas ao reconectar.',
  },
  unavailable: {
    label: 'Campsoft com falha',
    hint: 'A Campsoft responde com erro do servidor (HTTP 5xx). As alterações ficam salvas e são enviadas quando ela se recuperar.',
  },
};

/** Re-renders every `ms` so "há 2 min" moves on its own. */
function useNow(ms: number): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), ms);
    return () => clearInterval(t);
  }, [ms]);
  return now;
}

/** Online, or why not: no internet, or the platform that does not answer, since when. */
function NetworkBadge() {
  const { online, osOnline, platforms } = useAppStatus();
  const now = useNow(5_000);
  if (!osOnline) {
    return (
      <Badge color="red.9" variant="filled" size="sm" style={noShrink}>
        Offline — alterações ficam salvas e serão transmitidas ao reconectar
      </Badge>
    );
  }
  const down = platforms[0];
  if (!down) {
    return (
      <Badge color={online ? 'teal.9' : 'red.9'} variant="filled" size="sm" style={noShrink}>
        {online ? 'Online' : 'Offline — alterações ficam salvas e serão transmitidas ao reconectar'}
      </Badge>
    );
  }
  const words = platformWords[down.state];
  const last = down.lastAnswerAt ? `última resposta ${ago(down.lastAnswerAt, now)}` : `sem resposta ${ago(down.since, now)}`;
  return (
    <Tooltip label={words.hint} multiline w={420}>
      <Group gap={6} wrap="nowrap">
        <Badge color="red.9" variant="filled" size="sm" style={noShrink}>
          {words.label}
        </Badge>
        <Text size="xs" c="red.9" fw={500} style={noWrap}>
          {last} · envio automático quando ela responder
        </Text>
      </Group>
    </Tooltip>
  );
}

/** On the office's server: whether it answers, since when not, and which desks can transmit. */
function OfficeServerBadge() {
  const database = useAppStatus((s) => s.database);
  const now = useNow(5_000);
  if (!database || database.engine !== 'postgres') return null;
  if (!database.reachable) {
    const last = database.lastAnswerAt ? `última resposta ${ago(database.lastAnswerAt, now)}` : `sem resposta ${ago(database.unavailableSince ?? new Date(now).toISOString(), now)}`;
    return (
      <Tooltip label="As listas mostram o que foi visto por último; gravações são recusadas até o servidor voltar. O SVA Desk reconecta sozinho." multiline w={420}>
        <Group gap={6} wrap="nowrap">
          <Badge color="red.9" variant="filled" size="sm" style={noShrink}>
            Servidor do escritório indisponível
          </Badge>
          <Text size="xs" c="red.9" fw={500} style={noWrap}>
            {last}
          </Text>
        </Group>
      </Tooltip>
    );
  }
  const senders = database.desks.filter((d) => d.canTransmit).map((d) => (d.thisDesk ? `${d.clerk ?? 'esta mesa'} (esta mesa)` : (d.clerk ?? 'mesa sem nome')));
  const label = senders.length ? `Transmitem: ${senders.join(', ')}.` : 'Nenhuma mesa tem as credenciais da Campsoft: nada é transmitido até uma delas receber.';
  return (
    <Tooltip label={`Dados no servidor do escritório (${database.server?.host ?? ''}). ${label}`} multiline w={420}>
      <Badge color="teal.9" variant="light" c="dark.8" size="sm" style={noShrink}>
        Servidor do escritório · {database.desks.length} {database.desks.length === 1 ? 'mesa' : 'mesas'}
      </Badge>
    </Tooltip>
  );
}

export function StatusBar() {
  const { info, hostError } = useAppStatus();
  const storage = info ? storageWords[info.secureStorage] : null;
  return (
    <Group h="100%" px="md" justify="space-between" role="status" aria-label="Barra de status" wrap="nowrap">
      <Group gap="sm" wrap="nowrap">
        <NetworkBadge />
        <OfficeServerBadge />
        {storage && (
          <Tooltip label={storage.hint}>
            <Badge color={storage.color} variant="light" c="dark.8" size="sm" style={noShrink}>
              {storage.label}
            </Badge>
          </Tooltip>
        )}
        {info?.vaultNotice && (
          <Tooltip label={info.vaultNotice} multiline w={460}>
            <Badge color="orange.9" variant="filled" size="sm" style={noShrink}>
              Credenciais: digite de novo
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
      <Text size="xs" c="dimmed" style={noWrap}>
        {info ? `SVA Desk ${info.version} · ${info.host === 'web' ? 'host web' : 'desktop'}` : 'SVA Desk'}
      </Text>
    </Group>
  );
}
