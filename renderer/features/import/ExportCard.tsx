import { Button, Card, Group, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { db } from '../../db/db';
import { notifySuccess } from '../../ui/notify';
import { downloadText } from '../../ui/download';
import { count } from '../../ui/format';
import { customersCsv, datedName, linksCsv, servicesCsv } from './exports';

type What = 'customers' | 'services' | 'links';

/** Exports for the ERP or a spreadsheet; each button saves one CSV file. */
export function ExportCard() {
  const [busy, setBusy] = useState<What | null>(null);
  const [empty, setEmpty] = useState<string | null>(null);

  const run = async (what: What) => {
    setBusy(what);
    setEmpty(null);
    try {
      const customers = await db.customers.toArray();
      if (what === 'customers') {
        if (customers.length === 0) return setEmpty('Não há clientes para exportar.');
        downloadText(datedName('clientes', 'csv'), customersCsv(customers), 'text/csv');
        notifySuccess(`${count(customers.length, 'cliente exportado', 'clientes exportados')}.`);
      } else if (what === 'services') {
        const [services, plans] = await Promise.all([db.services.toArray(), db.plans.toArray()]);
        if (services.length === 0) return setEmpty('Não há serviços para exportar.');
        downloadText(datedName('servicos', 'csv'), servicesCsv(services, customers, plans), 'text/csv');
        notifySuccess(`${count(services.length, 'serviço exportado', 'serviços exportados')}.`);
      } else {
        const [links, services, packages] = await Promise.all([db.links.toArray(), db.services.toArray(), db.packages.toArray()]);
        if (links.length === 0) return setEmpty('Não há pacotes vinculados a serviços para exportar.');
        downloadText(datedName('pacotes-dos-servicos', 'csv'), linksCsv(links, services, customers, packages), 'text/csv');
        notifySuccess(`${count(links.length, 'vínculo exportado', 'vínculos exportados')}.`);
      }
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
        <Button variant="default" loading={busy === 'customers'} onClick={() => void run('customers')}>
          Exportar clientes
        </Button>
        <Button variant="default" loading={busy === 'services'} onClick={() => void run('services')}>
          Exportar serviços
        </Button>
        <Button variant="default" loading={busy === 'links'} onClick={() => void run('links')}>
          Exportar pacotes dos serviços
        </Button>
      </Group>
      {empty && (
        <Text size="sm" mt="sm" role="status">
          {empty}
        </Text>
      )}
    </Card>
  );
}
