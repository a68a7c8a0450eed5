import { Alert, Button, Card, FileButton, Group, Modal, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { BackupSummary, RestoreResult } from '../../../shared/contract/workspace';
import { run } from '../../data/client';
import { formatDateTime } from '../../ui/format';
import { notifySuccess } from '../../ui/notify';
import { ClerkCard } from './ClerkCard';
import { CountsTable, ReportTable } from './CountsTable';
import { DemoDataCard } from './DemoDataCard';
import { savePreparedFile, uploadFile } from './prepared-file';
import { StartAtLoginCard } from './StartAtLoginCard';
import { UpdatesCard } from './UpdatesCard';

const message = (e: unknown, fallback: string) => (e instanceof Error && e.message ? e.message : fallback);

/** Configurações › Backup e restauração: the desk's clerk, the whole record to one file and back, demo data, starting with the computer, where updates come from. */
export function WorkspacePage() {
  return (
    <Stack gap="lg" maw={900}>
      <ClerkCard />
      <Alert color="blue" title="As credenciais da Campsoft não vão no backup" role="note">
        A Chave da API e a Senha da API ficam guardadas só no cofre deste computador. Depois de restaurar, abra cada integração em Configurações › Integrações ›
        Plataformas de Conteúdo e digite as credenciais de novo: a integração pede quando faltam.
      </Alert>
      <ExportBackupCard />
      <RestoreBackupCard />
      <DemoDataCard />
      <StartAtLoginCard />
      <UpdatesCard />
    </Stack>
  );
}

function ExportBackupCard() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const exportNow = async () => {
    setBusy(true);
    setError(null);
    try {
      const file = await run('backup.export', {});
      await savePreparedFile(file);
      notifySuccess(`Backup gerado: ${file.summary}. Guarde o arquivo num lugar seguro (ele tem dados pessoais dos clientes).`);
    } catch (e) {
      setError(message(e, 'Não foi possível gerar o backup. Feche e abra o SVA Desk e tente de novo.'));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb={4}>
        Exportar backup
      </Title>
      <Text size="sm" mb="md">
        Um arquivo .json com tudo o que o escritório cadastrou: integrações (sem credenciais), produtos, pacotes, planos, clientes, serviços, pacotes vinculados, a
        Cobrança (custos, regras, competências fechadas) e o histórico. Contém CPF/CNPJ, e-mails e telefones: trate como documento confidencial (LGPD).
      </Text>
      <Group>
        <Button onClick={() => void exportNow()} loading={busy}>
          Exportar backup
        </Button>
      </Group>
      {error && (
        <Alert color="red" mt="md" title="Backup não gerado" role="alert">
          {error}
        </Alert>
      )}
    </Card>
  );
}

type Chosen = { fileName: string; transferId: string; summary: BackupSummary };

function RestoreBackupCard() {
  const [chosen, setChosen] = useState<Chosen | null>(null);
  const [reading, setReading] = useState(false);
  const [restoring, setRestoring] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [done, setDone] = useState<RestoreResult | null>(null);

  const choose = async (file: File | null) => {
    if (!file) return;
    setError(null);
    setDone(null);
    setReading(true);
    let transferId: string | undefined;
    try {
      transferId = await uploadFile(file);
      const summary = await run('backup.inspect', { transferId });
      setChosen({ fileName: file.name, transferId, summary });
    } catch (e) {
      if (transferId) void run('transfer.discard', { transferId }).catch(() => undefined);
      setError(message(e, 'Não consegui ler o arquivo. Escolha outro arquivo de backup (.json).'));
    } finally {
      setReading(false);
    }
  };

  const cancel = () => {
    if (chosen) void run('transfer.discard', { transferId: chosen.transferId }).catch(() => undefined);
    setChosen(null);
  };

  const restore = async () => {
    if (!chosen) return;
    setRestoring(true);
    try {
      setDone(await run('backup.restore', { transferId: chosen.transferId }));
      setChosen(null);
    } catch (e) {
      setError(message(e, 'A restauração falhou e nada foi gravado. Tente de novo.'));
      cancel();
    } finally {
      setRestoring(false);
    }
  };

  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb={4}>
        Restaurar backup
      </Title>
      <Text size="sm" mb="md">
        Só num SVA Desk vazio (uma instalação nova, por exemplo): a restauração não mistura dados com os que já existem. Antes de gravar, o SVA Desk mostra o que o
        arquivo tem. Tudo é gravado de uma vez, ou nada.
      </Text>
      <Group>
        <FileButton onChange={(f) => void choose(f)} accept=".json,application/json">
          {(props) => (
            <Button variant="default" loading={reading} {...props}>
              Escolher arquivo de backup
            </Button>
          )}
        </FileButton>
      </Group>
      <Modal opened={chosen !== null} onClose={cancel} title="Restaurar este backup?" size="lg" closeOnClickOutside={!restoring} withCloseButton={!restoring}>
        {chosen && (
          <Stack gap="sm">
            <Text size="sm">
              <b>{chosen.fileName}</b>, gerado em {formatDateTime(chosen.summary.exportedAt)}. Ele tem:
            </Text>
            <CountsTable caption="O que o backup tem" counts={chosen.summary.counts} column="No arquivo" />
            {chosen.summary.refusal ? (
              <Alert color="red" title="Este backup não pode ser restaurado aqui" role="alert">
                {chosen.summary.refusal}
              </Alert>
            ) : (
              <Text size="sm">Tudo será gravado de uma vez. Depois, digite de novo as credenciais de cada integração.</Text>
            )}
            <Group justify="flex-end">
              <Button variant="default" onClick={cancel} disabled={restoring}>
                Cancelar
              </Button>
              <Button onClick={() => void restore()} loading={restoring} disabled={chosen.summary.refusal !== null}>
                Restaurar este backup
              </Button>
            </Group>
          </Stack>
        )}
      </Modal>
      {error && (
        <Alert color="red" mt="md" title="Backup não restaurado" role="alert">
          {error}
        </Alert>
      )}
      {done && (
        <Alert color="teal" mt="md" title="Restauração concluída" role="status">
          <Text size="sm" mb="xs">
            Backup restaurado e conferido: {done.summary}. Agora digite de novo as credenciais de cada integração.
          </Text>
          <ReportTable caption="Conferência da restauração" tables={done.tables} source="No arquivo" target="Gravados" />
        </Alert>
      )}
    </Card>
  );
}
