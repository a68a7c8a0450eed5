import { Button, Card, Group, Text, Title } from '@mantine/core';
import { useState } from 'react';
import type { ExportKind } from '../../../shared/contract';
import { run } from '../../data/client';
import { notifySuccess } from '../../ui/notify';
import { count } from '../../ui/format';
import { saveHostFile } from './host-import';

const done: Record<ExportKind, (rows: number) => string> = {
  customers: (rows) => `${count(rows, 'cliente exportado', 'clientes exportados')}.`,
  services: (rows) => `${count(rows, 'serviço exportado', 'serviços exportados')}.`,
  links: (rows) => `${count(rows, 'vínculo exportado', 'vínculos exportados')}.`,
};

/** Exports for the ERP or a spreadsheet: the host writes each CSV, the screen saves it. */
export function ExportCard() {
  const [busy, setBusy] = useState<ExportKind | null>(null);
  const [message, setMessage] = useState<string | null>(null);

  const save = async (what: ExportKind) => {
    setBusy(what);
    setMessage(null);
    try {
      const prepared = await run('exports.prepare', { what });
      await saveHostFile(prepared);
      notifySuccess(done[what](prepared.rows));
    } catch (e) {
      setMessage(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb={4}>
        Exportar
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        Arquivos CSV separados por ponto e vírgula, que abrem no Excel com acentos. Os serviços saem com as colunas do HubSoft e podem ser importados de volta.
        Senhas não são exportadas.
      </Text>
      <Group>
        <Button variant="default" loading={busy === 'customers'} disabled={busy !== null && busy !== 'customers'} onClick={() => void save('customers')}>
          Exportar clientes
        </Button>
        <Button variant="default" loading={busy === 'services'} disabled={busy !== null && busy !== 'services'} onClick={() => void save('services')}>
          Exportar serviços
        </Button>
        <Button variant="default" loading={busy === 'links'} disabled={busy !== null && busy !== 'links'} onClick={() => void save('links')}>
          Exportar pacotes dos serviços
        </Button>
      </Group>
      {message && (
        <Text size="sm" mt="sm" role="status">
          {message}
        </Text>
      )}
    </Card>
  );
}
