import { Alert, Button, Card, FileButton, Group, Stack, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { downloadText } from '../../ui/download';
import { formatDateTime } from '../../ui/format';
import { notifySuccess } from '../../ui/notify';
import { datedName } from '../../../shared/domain/text';
import { backupCounts, exportBackup, nonEmptyTables, notEmptyMessage, readBackup, restoreBackup, type Backup } from './backup';
import { DemoDataCard } from './DemoDataCard';

export function WorkspacePage() {
  return (
    <Stack gap="lg" maw={900}>
      <Alert color="blue" title="As credenciais da Campsoft não vão no backup" role="note">
        A Chave da API e a Senha da API ficam guardadas só no cofre deste computador. Depois de restaurar, abra cada integração em Configurações › Integrações ›
        Plataformas de Conteúdo e digite as credenciais de novo: a integração pede quando faltam.
      </Alert>
      <ExportBackupCard />
      <RestoreBackupCard />
      <DemoDataCard />
    </Stack>
  );
}

function ExportBackupCard() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      const backup = await exportBackup();
      downloadText(datedName('sva-desk-backup', 'json'), JSON.stringify(backup), 'application/json');
      notifySuccess(`Backup gerado: ${backupCounts(backup)}. Guarde o arquivo num lugar seguro (ele tem dados pessoais dos clientes).`);
    } catch {
      setError('Não foi possível gerar o backup. Feche e abra o SVA Desk e tente de novo.');
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
        Um arquivo .json com tudo o que o escritório cadastrou: integrações (sem credenciais), produtos, pacotes, planos, clientes, serviços, pacotes vinculados e o
        histórico. Contém CPF/CNPJ, e-mails e telefones: trate como documento confidencial (LGPD).
      </Text>
      <Group>
        <Button onClick={() => void run()} loading={busy}>
          Exportar backup
        </Button>
      </Group>
      {error && (
        <Alert color="red" mt="md" role="alert">
          {error}
        </Alert>
      )}
    </Card>
  );
}

function readText(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as string);
    reader.onerror = () => reject(reader.error);
    reader.readAsText(file, 'utf-8');
  });
}

function RestoreBackupCard() {
  const [backup, setBackup] = useState<{ fileName: string; data: Backup } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState<string | null>(null);

  const choose = async (file: File | null) => {
    if (!file) return;
    setError(null);
    setDone(null);
    setBackup(null);
    try {
      const data = readBackup(await readText(file));
      const busyTables = await nonEmptyTables();
      if (busyTables.length > 0) return setError(notEmptyMessage(busyTables));
      setBackup({ fileName: file.name, data });
    } catch (e) {
      setError(e instanceof Error ? e.message : 'Não consegui ler o arquivo. Escolha outro arquivo de backup (.json).');
    }
  };

  const restore = async () => {
    if (!backup) return;
    setBusy(true);
    try {
      await restoreBackup(backup.data);
      setDone(`Backup restaurado: ${backupCounts(backup.data)}. Agora digite de novo as credenciais de cada integração.`);
      setBackup(null);
    } catch (e) {
      setError(e instanceof Error ? e.message : 'A restauração falhou e nada foi gravado. Tente de novo.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb={4}>
        Restaurar backup
      </Title>
      <Text size="sm" mb="md">
        Só num espaço de trabalho vazio (uma instalação nova, por exemplo): a restauração não mistura dados com os que já existem. Tudo é gravado de uma vez, ou nada.
      </Text>
      <Group>
        <FileButton onChange={(f) => void choose(f)} accept=".json,application/json">
          {(props) => (
            <Button variant="default" {...props}>
              Escolher arquivo de backup
            </Button>
          )}
        </FileButton>
      </Group>
      {backup && (
        <Alert color="gray" mt="md" title={`Backup de ${formatDateTime(backup.data.exportedAt)}`}>
          <Text size="sm" mb="sm">
            {backup.fileName}: {backupCounts(backup.data)}.
          </Text>
          <Group>
            <Button onClick={() => void restore()} loading={busy}>
              Restaurar este backup
            </Button>
            <Button variant="default" onClick={() => setBackup(null)}>
              Cancelar
            </Button>
          </Group>
        </Alert>
      )}
      {error && (
        <Alert color="red" mt="md" title="Backup não restaurado" role="alert">
          {error}
        </Alert>
      )}
      {done && (
        <Alert color="teal" mt="md" title="Restauração concluída" role="status">
          {done}
        </Alert>
      )}
    </Card>
  );
}
