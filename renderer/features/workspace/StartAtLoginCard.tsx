import { Alert, Card, Switch, Text, Title } from '@mantine/core';
import { useState } from 'react';
import { formErrors, run, useHostQuery } from '../../data/client';
import { LoadFailure } from '../../ui/LoadFailure';
import { notifySuccess } from '../../ui/notify';

/**
 * "Abrir com o sistema": this desk opens SVA Desk in the tray when the computer starts, so the
 * daily routine and the pending transmissions run without anyone opening it. The installed app
 * only (the browser host has no login item): absent elsewhere.
 */
export function StartAtLoginCard() {
  const info = useHostQuery('app.info', {}, []);
  const settings = useHostQuery('settings.get', {}, ['settings']);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  if (info.data?.host !== 'electron') return null;

  const change = async (on: boolean) => {
    setBusy(true);
    setError(null);
    try {
      const s = await run('settings.set', { key: 'desk.startAtLogin', value: on });
      notifySuccess(
        s.startAtLogin
          ? 'Quando este computador ligar, o SVA Desk abre na bandeja e a rotina diária roda no horário.'
          : 'O SVA Desk não abre mais sozinho neste computador. A rotina diária só roda com ele aberto.',
        'Início com o sistema salvo',
      );
    } catch (e) {
      setError(formErrors(e).form ?? Object.values(formErrors(e))[0] ?? null);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb={4}>
        Em segundo plano
      </Title>
      <Text size="sm" mb="md">
        Fechar a janela não encerra o SVA Desk: ele fica na bandeja do sistema (no Mac, na barra de menus), com a rotina diária e as transmissões pendentes
        seguindo no horário. Para encerrar de vez, clique no ícone e escolha Sair.
      </Text>
      {settings.error ? (
        <LoadFailure what="o início com o sistema" error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <Switch
          label="Abrir o SVA Desk quando este computador ligar"
          description="Ele abre na bandeja, sem a janela, para a rotina diária rodar mesmo que ninguém o abra."
          checked={settings.data?.startAtLogin ?? false}
          disabled={settings.isPending || busy}
          onChange={(e) => void change(e.currentTarget.checked)}
        />
      )}
      {error && (
        <Alert color="red" mt="md" role="alert">
          {error}
        </Alert>
      )}
    </Card>
  );
}
