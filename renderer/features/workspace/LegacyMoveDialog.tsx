import { Alert, Button, Group, Modal, Progress, Stack, Text } from '@mantine/core';
import { useCallback, useEffect, useRef, useState } from 'react';
import { workspaceTableLabels, type RestoreResult, type TableCounts } from '../../../shared/contract/workspace';
import { moveLegacyWorkspace, releaseLegacyDatabase, type LegacyProgress } from '../../data/legacy-move';
import { ReportTable } from './CountsTable';

type State =
  | { step: 'idle' }
  | { step: 'moving'; counts: TableCounts; sent: number; current: LegacyProgress | null }
  | { step: 'moved'; result: RestoreResult }
  | { step: 'failed'; message: string };

const n = (v: number) => v.toLocaleString('pt-BR');
const total = (counts: TableCounts) => Object.values(counts).reduce((a, b) => a + b, 0);

/**
 * The one-time move of an old workspace (this browser's IndexedDB, before the host kept the record)
 * into the SVA Desk's store, at start: shown only when there is something to move. It says what it
 * copies while it copies, then the counts per table (old beside arrived). The old database is only
 * read; it is deleted at a later start, once the host confirms the move survived a restart.
 */
export function LegacyMoveDialog() {
  const [state, setState] = useState<State>({ step: 'idle' });
  const started = useRef(false);

  const move = useCallback(async () => {
    const sentBefore = new Map<string, number>();
    let begun = false;
    try {
      // An old database whose move a previous start confirmed goes now (it holds personal data).
      await releaseLegacyDatabase();
      const outcome = await moveLegacyWorkspace({
        onBegin: (counts) => {
          begun = true;
          setState({ step: 'moving', counts, sent: 0, current: null });
        },
        onProgress: (p) => {
          sentBefore.set(p.table, p.sent);
          const sent = [...sentBefore.values()].reduce((a, b) => a + b, 0);
          setState((s) => (s.step === 'moving' ? { ...s, sent, current: p } : s));
        },
      });
      setState(outcome.kind === 'moved' ? { step: 'moved', result: outcome.result } : { step: 'idle' });
    } catch (e) {
      // Before the copy began nothing was shown: a host that does not answer is the status bar's to say.
      if (!begun) return setState({ step: 'idle' });
      setState({ step: 'failed', message: e instanceof Error && e.message ? e.message : 'A cópia dos dados antigos não terminou.' });
    }
  }, []);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void move();
  }, [move]);

  const close = () => setState({ step: 'idle' });
  const opened = state.step !== 'idle';
  const moving = state.step === 'moving';

  return (
    <Modal
      opened={opened}
      onClose={close}
      closeOnClickOutside={false}
      closeOnEscape={!moving}
      withCloseButton={!moving}
      size="lg"
      title={state.step === 'moved' ? 'Seus dados foram trazidos e conferidos' : state.step === 'failed' ? 'Seus dados antigos não foram trazidos' : 'Movendo seus dados para o novo armazenamento…'}
    >
      {state.step === 'moving' && (
        <Stack gap="sm">
          <Text size="sm">
            Esta versão do SVA Desk guarda os dados do escritório num novo armazenamento. Os cadastros que estavam neste computador estão sendo copiados para lá, uma
            única vez. Não feche o SVA Desk.
          </Text>
          <Progress value={total(state.counts) ? (100 * state.sent) / total(state.counts) : 0} aria-label="Progresso da cópia" animated />
          <Text size="sm" c="dimmed" role="status">
            {state.current
              ? `Copiando ${workspaceTableLabels[state.current.table].many}: ${n(state.current.sent)} de ${n(state.current.total)}.`
              : `Preparando a cópia de ${n(total(state.counts))} registros…`}
          </Text>
        </Stack>
      )}
      {state.step === 'moved' && (
        <Stack gap="sm">
          <Text size="sm" role="status">
            Tudo o que estava neste computador chegou ao novo armazenamento: {state.result.summary}.
          </Text>
          <ReportTable caption="Conferência da cópia" tables={state.result.tables} source="No banco antigo" target="Trazidos" />
          <Text size="sm" c="dimmed">
            O banco antigo fica guardado, sem alterações, até o próximo início do SVA Desk; depois ele é apagado.
          </Text>
          <Group justify="flex-end">
            <Button onClick={close}>Continuar</Button>
          </Group>
        </Stack>
      )}
      {state.step === 'failed' && (
        <Stack gap="sm">
          <Alert color="red" title="Nada foi perdido" role="alert">
            <Text size="sm">{state.message}</Text>
            <Text size="sm" mt="xs">
              Os dados antigos continuam guardados neste computador, como estavam. Enquanto isso, não cadastre nada novo: a cópia só é feita com o SVA Desk vazio.
            </Text>
          </Alert>
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              Fechar
            </Button>
            <Button onClick={() => void move()}>Tentar de novo</Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}
