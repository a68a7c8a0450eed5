import { Alert, Button, Card, Group, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formErrors, run, useHostQuery } from '../../data/client';
import { LoadFailure } from '../../ui/LoadFailure';
import { notifySuccess } from '../../ui/notify';

/** Where the office's desks look for new versions of the app (electron-updater's generic feed). */
export function UpdatesCard() {
  const settings = useHostQuery('settings.get', {}, ['settings']);
  const [url, setUrl] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const saved = settings.data?.updates.url ?? null;
  useEffect(() => setUrl(saved ?? ''), [saved]);

  const save = async () => {
    setBusy(true);
    setErrors({});
    try {
      const s = await run('settings.set', { key: 'updates', value: { url: url.trim() || null } });
      notifySuccess(
        s.updates.url ? `As mesas do escritório passam a buscar novas versões em ${s.updates.url}.` : 'As mesas voltam a buscar novas versões no endereço de fábrica do SVA Desk.',
        'Endereço de atualizações salvo',
      );
    } catch (e) {
      setErrors(formErrors(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb={4}>
        Atualizações do SVA Desk
      </Title>
      <Text size="sm" mb="md">
        O SVA Desk instalado procura uma versão nova ao abrir e uma vez por dia, baixa em segundo plano e pergunta antes de reiniciar (nunca durante uma
        transmissão). Deixe em branco para usar o endereço de fábrica, ou informe a pasta do servidor do escritório que guarda o latest.yml e os instaladores.
      </Text>
      {settings.error ? (
        <LoadFailure what="o endereço de atualizações" error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Group align="flex-start">
            <TextInput
              label="Endereço das atualizações"
              placeholder="Endereço de fábrica (GitHub)"
              value={url}
              onChange={(e) => setUrl(e.currentTarget.value)}
              error={errors.url}
              w={480}
              disabled={settings.isPending}
            />
            <Button type="submit" mt={25} loading={busy} disabled={settings.isPending || url.trim() === (saved ?? '')}>
              Salvar endereço
            </Button>
          </Group>
          {errors.form && (
            <Alert color="red" mt="md" role="alert">
              {errors.form}
            </Alert>
          )}
        </form>
      )}
    </Card>
  );
}
