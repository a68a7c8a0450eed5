import { Alert, Button, Card, Group, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState } from 'react';
import { formErrors, run, useHostQuery } from '../../data/client';
import { LoadFailure } from '../../ui/LoadFailure';
import { notifySuccess } from '../../ui/notify';

/** The person at this desk, named in the Histórico beside everything they do. */
export function ClerkCard() {
  const settings = useHostQuery('settings.get', {}, ['settings']);
  const [name, setName] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const saved = settings.data?.clerk ?? null;
  useEffect(() => setName(saved ?? ''), [saved]);

  const save = async () => {
    setBusy(true);
    setErrors({});
    try {
      const s = await run('settings.set', { key: 'desk.clerk', value: name });
      notifySuccess(`O histórico passa a registrar ${s.clerk} como atendente desta mesa.`, 'Atendente salvo');
    } catch (e) {
      setErrors(formErrors(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb={4}>
        Atendente desta mesa
      </Title>
      <Text size="sm" mb="md">
        O nome de quem usa o SVA Desk neste computador. Ele aparece no Histórico ao lado de cada alteração feita aqui.
      </Text>
      {settings.error ? (
        <LoadFailure what="o atendente desta mesa" error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Group align="flex-start">
            <TextInput
              label="Nome do atendente"
              placeholder="Ex.: Maria Souza"
              value={name}
              onChange={(e) => setName(e.currentTarget.value)}
              error={errors.clerk}
              w={320}
              disabled={settings.isPending}
            />
            <Button type="submit" mt={25} loading={busy} disabled={settings.isPending || name.trim() === (saved ?? '')}>
              Salvar nome
            </Button>
          </Group>
          {!saved && settings.data && (
            <Text size="xs" c="dimmed" mt={4}>
              Ainda sem nome: o histórico mostra as alterações desta mesa sem atendente.
            </Text>
          )}
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
