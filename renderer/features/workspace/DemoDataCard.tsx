import { Alert, Button, Card, Group, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { run } from '../../data/client';
import { notifySuccess } from '../../ui/notify';

/** "Carregar dados de demonstração": for a first look at the app on an empty workspace. */
export function DemoDataCard() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const load = async () => {
    setBusy(true);
    setError(null);
    try {
      const r = await run('demo.load', {});
      notifySuccess(`${r.customers} clientes, ${r.services} serviços, ${r.packages} pacotes e ${r.plans} planos de exemplo, na integração Campsoft (Sandbox).`, 'Dados de demonstração carregados');
    } catch (e) {
      setError(e instanceof Error && e.message ? e.message : 'Não foi possível carregar os dados de demonstração. Tente de novo.');
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb={4}>
        Dados de demonstração
      </Title>
      <Text size="sm" mb="md">
        Para conhecer o SVA Desk sem dados reais: cria uma integração Campsoft no sandbox embutido (sem credenciais), pacotes, três planos e cerca de 200 clientes
        fictícios com serviços em vários status. Só funciona com o SVA Desk ainda sem clientes.
      </Text>
      <Group>
        <Button onClick={() => void load()} loading={busy}>
          Carregar dados de demonstração
        </Button>
      </Group>
      {error && (
        <Alert color="red" title="Dados de demonstração não carregados" mt="md" role="alert">
          {error}
        </Alert>
      )}
    </Card>
  );
}
