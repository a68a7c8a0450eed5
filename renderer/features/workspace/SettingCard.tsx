import { Alert, Button, Card, Group, Text, TextInput, Title } from '@mantine/core';
import { useEffect, useState, type ReactNode } from 'react';
import type { Settings } from '../../../shared/contract';
import { formErrors, useHostQuery } from '../../data/client';
import { LoadFailure } from '../../ui/LoadFailure';
import { notifySuccess } from '../../ui/notify';

/**
 * One text setting in a card: read from settings.get, saved by `save` (which returns the success
 * toast), a refused value shown at the field with what was typed kept.
 */
export function SettingCard(props: {
  title: string;
  description: ReactNode;
  /** what the card is about, for "Não foi possível carregar …" */
  what: string;
  label: string;
  placeholder: string;
  width: number;
  buttonLabel: string;
  /** the refused field's name in the host's answer */
  field: string;
  value: (s: Settings) => string | null;
  save: (text: string) => Promise<{ message: string; title: string }>;
  /** shown under the field while nothing is saved */
  emptyHint?: string;
}) {
  const settings = useHostQuery('settings.get', {}, ['settings']);
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const saved = settings.data ? props.value(settings.data) : null;
  useEffect(() => setText(saved ?? ''), [saved]);

  const save = async () => {
    setBusy(true);
    setErrors({});
    try {
      const done = await props.save(text);
      notifySuccess(done.message, done.title);
    } catch (e) {
      setErrors(formErrors(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card withBorder padding="lg">
      <Title order={2} size="h4" mb={4}>
        {props.title}
      </Title>
      <Text size="sm" mb="md">
        {props.description}
      </Text>
      {settings.error ? (
        <LoadFailure what={props.what} error={settings.error} onRetry={() => void settings.refetch()} />
      ) : (
        <form
          onSubmit={(e) => {
            e.preventDefault();
            void save();
          }}
        >
          <Group align="flex-start">
            <TextInput
              label={props.label}
              placeholder={props.placeholder}
              value={text}
              onChange={(e) => setText(e.currentTarget.value)}
              error={errors[props.field]}
              w={props.width}
              disabled={settings.isPending}
            />
            <Button type="submit" mt={25} loading={busy} disabled={settings.isPending || text.trim() === (saved ?? '')}>
              {props.buttonLabel}
            </Button>
          </Group>
          {!saved && settings.data && props.emptyHint && (
            <Text size="xs" c="dimmed" mt={4}>
              {props.emptyHint}
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
